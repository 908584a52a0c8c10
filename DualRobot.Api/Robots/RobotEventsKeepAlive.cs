using Microsoft.Extensions.Options;

namespace DualRobot.Api.Robots;

/// <summary>Sends a <c>keepalive</c> event to every <c>/robots/events</c> subscriber on a fixed period.</summary>
public sealed class RobotEventsKeepAlive(RobotEventHub hub, IOptions<RobotEventsOptions> options, TimeProvider time) : BackgroundService
{
    // Made with the service, not in ExecuteAsync (which runs on its own thread), so the period starts when the host does.
    private readonly PeriodicTimer _timer = new(options.Value.KeepAlive, time);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken))
            {
                hub.PublishKeepAlive();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }
}
