using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DualRobot.Api.Robots;

/// <summary>Degraded, not unhealthy, when a robot's backend is down: the api still serves the others and the state.</summary>
internal sealed class RobotBackendsHealthCheck(RobotFleet fleet) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var down = fleet.Robots.Where(r => !r.Backend.IsConnected).Select(r => r.Backend.UnavailableReason is { } reason
            ? $"{r.Name} ({r.Backend.Kind}: {reason})"
            : $"{r.Name} ({r.Backend.Kind})").ToList();
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy($"{fleet.Robots.Count} robot backend(s) connected.")
            : HealthCheckResult.Degraded($"Backend not connected: {string.Join(", ", down)}."));
    }
}
