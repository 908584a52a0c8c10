using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots;

/// <summary>Every configured robot, looked up by name without regard to case, and the fleet-wide emergency stop.</summary>
public sealed class RobotFleet : IDisposable
{
    private readonly Dictionary<string, Robot> _byName;
    private readonly EmergencyStopLatch _estop;
    private readonly RobotMetrics _metrics;
    private readonly ILogger<RobotFleet> _logger;

    public RobotFleet(IEnumerable<Robot> robots, EmergencyStopLatch estop, RobotMetrics metrics, ILogger<RobotFleet> logger)
    {
        Robots = [.. robots];
        _byName = Robots.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        _estop = estop;
        _metrics = metrics;
        _logger = logger;
        metrics.SetEmergencyStopLatched(false);
    }

    /// <summary>In configuration order.</summary>
    public IReadOnlyList<Robot> Robots { get; }

    public EmergencyStopState EmergencyStop => _estop.State;

    public bool TryGet(string name, out Robot robot) => _byName.TryGetValue(name, out robot!);

    public IEnumerable<RobotState> States() => Robots.Select(r => r.GetState());

    public Task StartAsync() => Task.WhenAll(Robots.Select(r => r.StartAsync()));

    /// <summary>
    /// Latches first (so nothing new starts), then stops every robot at once. One <c>robot.estop</c> span, with each
    /// robot's <c>robot.safe_state</c> as its child.
    /// </summary>
    public async Task<EmergencyStopState> EmergencyStopAsync()
    {
        using var activity = RobotTelemetry.ActivitySource.StartActivity(RobotTelemetry.Spans.EmergencyStop);
        activity?.SetTag(RobotTelemetry.Tags.Action, RobotTelemetry.EmergencyStopAction);
        if (_estop.Latch())
        {
            _metrics.CountEmergencyStop();
            _metrics.SetEmergencyStopLatched(true);
            RobotLog.EmergencyStopLatched(_logger);
        }

        // Stopped again even when already latched: an operator pressing e-stop twice wants the motors off now.
        await Task.WhenAll(Robots.Select(r => r.EnterSafeStateAsync("emergency stop")));
        return _estop.State;
    }

    public EmergencyStopState ReleaseEmergencyStop()
    {
        if (_estop.Release())
        {
            _metrics.SetEmergencyStopLatched(false);
            RobotLog.EmergencyStopReleased(_logger);
            foreach (var robot in Robots)
            {
                robot.Publish();
            }
        }

        return _estop.State;
    }

    /// <summary>Refuses new motion for good and puts every robot in its safe state.</summary>
    public Task ShutdownAsync()
    {
        _estop.BeginShutdown();
        return Task.WhenAll(Robots.Select(r => r.EnterSafeStateAsync("shutting down")));
    }

    public void Dispose()
    {
        foreach (var robot in Robots)
        {
            robot.Dispose();
        }
    }
}
