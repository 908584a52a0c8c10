using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DualRobot.Api.Recording;

/// <summary>Degraded, never unhealthy, while states and events do not reach the store: the robots work on regardless.</summary>
internal sealed class RecordingHealthCheck(FlightRecorder recorder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(recorder.Problem is { } problem
            ? HealthCheckResult.Degraded(problem)
            : HealthCheckResult.Healthy(recorder.Options.Enabled
                ? $"Robot states and events are recorded in {recorder.Store.FullPath}."
                : "Recording is off (Recording:Enabled)."));
}
