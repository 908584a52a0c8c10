using DualRobot.Api.Robots;

namespace DualRobot.Api.Hosting;

/// <summary>
/// For the api running on a robot's own Pi under systemd (<c>Backend=Gpiod</c>, the unit in <c>DualRobot.Api/systemd</c>):
/// says <c>READY=1</c> once the robots are in their safe state, and then <c>WATCHDOG=1</c> every half of
/// <c>WatchdogSec</c>, but only after the command queue of every robot on local pins has let a probe through, so an
/// api that is frozen, or whose pin writes hang, stops pinging and systemd kills it (the unit then sets the motor pins
/// low). Robots on pigpiod are not probed: a slow link must not get the api killed, and they have their own watchdog
/// script. Does nothing when the process was not started by systemd with a notify socket.
/// </summary>
internal sealed partial class SystemdWatchdog(RobotFleet fleet, ILogger<SystemdWatchdog> logger) : BackgroundService
{
    private readonly SystemdNotifier? _notifier = SystemdNotifier.FromEnvironment();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _notifier?.Notify("STOPPING=1");
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _notifier?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_notifier is null)
        {
            return;
        }

        // Registered after the fleet's lifetime, so the robots have started (and written their safe state) by now.
        _notifier.Notify("READY=1");
        if (_notifier.WatchdogInterval is not { } timeout)
        {
            return;
        }

        var period = timeout / 2;
        var local = fleet.Robots.Where(robot => !robot.Backend.HasWatchdog).ToArray();
        LogWatching(logger, timeout);
        using var timer = new PeriodicTimer(period);
        do
        {
            try
            {
                await Task.WhenAll(local.Select(robot => robot.ProbeAsync())).WaitAsync(period, stoppingToken);
                _notifier.Notify("WATCHDOG=1");
            }
            catch (TimeoutException)
            {
                // No ping: if the queue stays stuck past WatchdogSec, systemd ends the process.
                LogStuck(logger, period);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(1, LogLevel.Information, "systemd watchdog: pinging every half of {Timeout} while every robot's command queue answers.")]
    private static partial void LogWatching(ILogger logger, TimeSpan timeout);

    [LoggerMessage(2, LogLevel.Warning, "systemd watchdog: a robot's command queue did not answer within {Period}; no ping sent.")]
    private static partial void LogStuck(ILogger logger, TimeSpan period);
}
