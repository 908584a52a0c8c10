namespace DualRobot.Api.Robots;

/// <summary>
/// Brings the robots up in their safe state at start and puts them back in it on shutdown (SIGTERM included),
/// before the process exits: pigpiod keeps its outputs when a client goes away, so nobody else would.
/// </summary>
internal sealed class RobotFleetLifetime(RobotFleet fleet, IHostApplicationLifetime lifetime) : IHostedService
{
    private static readonly TimeSpan ShutdownBudget = TimeSpan.FromSeconds(10);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Refuse motion as soon as shutdown begins, even while the server still drains requests.
        lifetime.ApplicationStopping.Register(() => _ = fleet.ShutdownAsync());
        return fleet.StartAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await fleet.ShutdownAsync().WaitAsync(ShutdownBudget, CancellationToken.None).ConfigureAwait(false);
    }
}
