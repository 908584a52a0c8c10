using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DualRobot.Api.Safety;

/// <summary>
/// Degraded, never unhealthy, while the safety store cannot keep changes: every configured zone and every change
/// made before still applies, but no zone or slow mode can be changed.
/// </summary>
internal sealed class SafetyHealthCheck(SafetyStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Problem is { } problem
            ? HealthCheckResult.Degraded(problem)
            : HealthCheckResult.Healthy($"Zones and slow modes are kept in {store.FullPath}."));
}
