using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DualRobot.Api.Audit;

/// <summary>Degraded, never unhealthy, while records do not reach the store: the robots work on regardless.</summary>
internal sealed class AuditHealthCheck(AuditTrail trail) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(trail.Problem is { } problem
            ? HealthCheckResult.Degraded(problem)
            : HealthCheckResult.Healthy($"Audit records reach {trail.Store.FullPath}."));
}
