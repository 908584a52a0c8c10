using System.Diagnostics.Metrics;
using DualRobot.Api.Robots;
using Prometheus;

namespace DualRobot.Api.Diagnostics;

/// <summary>
/// The robot metrics, defined once as .NET instruments on the <see cref="MeterName"/> meter: OpenTelemetry exports
/// them over OTLP (the Aspire dashboard's Metrics page) and <see cref="PrometheusMeterBridge"/> publishes them at
/// /metrics under the family names below. Those names are the contract with the Grafana dashboard and the alert
/// rules (see DualRobot.AppHost/observability), so they change only together.
/// </summary>
public sealed class RobotMetrics : IDisposable
{
    public const string MeterName = "DualRobot.Api.Robots";

    public const string CommandsTotal = "dualrobot_commands_total";
    public const string Motion = "dualrobot_robot_motion";
    public const string Speed = "dualrobot_robot_speed";
    public const string SideOutput = "dualrobot_robot_side_output";
    public const string PoseX = "dualrobot_robot_pose_x_meters";
    public const string PoseY = "dualrobot_robot_pose_y_meters";
    public const string PoseHeading = "dualrobot_robot_pose_heading_radians";
    public const string Eye = "dualrobot_robot_eye";
    public const string ServoAngle = "dualrobot_robot_servo_angle_degrees";
    public const string GpioWriteDuration = "dualrobot_gpio_write_duration_seconds";
    public const string DeadmanStopsTotal = "dualrobot_deadman_stops_total";
    public const string WatchdogFiresTotal = "dualrobot_watchdog_fires_total";
    public const string EmergencyStopsTotal = "dualrobot_emergency_stops_total";
    public const string EmergencyStopLatched = "dualrobot_emergency_stop_latched";
    public const string BackendConnected = "dualrobot_backend_connected";
    public const string BackendReconnectsTotal = "dualrobot_backend_reconnects_total";

    private static readonly Direction[] Directions = Enum.GetValues<Direction>();
    private static readonly EyeState[] EyeStates = Enum.GetValues<EyeState>();

    // From in-memory writes (microseconds) to a LAN round trip that is already too slow.
    private static readonly double[] GpioWriteBuckets = [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private readonly Meter _meter;
    private readonly PrometheusMeterBridge _prometheus;
    private readonly Counter<long> _commands;
    private readonly Gauge<int> _motion;
    private readonly Gauge<double> _speed;
    private readonly Gauge<double> _sideOutput;
    private readonly Gauge<double> _poseX;
    private readonly Gauge<double> _poseY;
    private readonly Gauge<double> _poseHeading;
    private readonly Gauge<int> _eye;
    private readonly Gauge<double> _servoAngle;
    private readonly Histogram<double> _gpioWrite;
    private readonly Counter<long> _deadmanStops;
    private readonly Counter<long> _watchdogFires;
    private readonly Counter<long> _emergencyStops;
    private readonly Gauge<int> _emergencyStopLatched;
    private readonly Gauge<int> _backendConnected;
    private readonly Counter<long> _reconnects;

    /// <summary>A meter of its own, published to prometheus-net's default registry.</summary>
    public RobotMetrics()
        : this(Metrics.DefaultFactory)
    {
    }

    /// <summary>A meter of its own, published to <paramref name="prometheus"/> (tests and benchmarks).</summary>
    public RobotMetrics(IMetricFactory prometheus)
        : this(new Meter(MeterName), prometheus)
    {
    }

    /// <summary>The host's meter (so its OpenTelemetry exports it), published to prometheus-net's default registry.</summary>
    public RobotMetrics(IMeterFactory meters)
        : this(meters.Create(MeterName), Metrics.DefaultFactory)
    {
    }

    private RobotMetrics(Meter meter, IMetricFactory prometheus)
    {
        _meter = meter;
        _prometheus = new PrometheusMeterBridge(meter, prometheus);
        _commands = meter.CreateCounter<long>("dualrobot.commands", "{command}", "Commands received, by robot, action and outcome.");
        _motion = meter.CreateGauge<int>("dualrobot.robot.motion", null, "1 for the robot's current motion, 0 for the others.");
        _speed = meter.CreateGauge<double>("dualrobot.robot.speed", null, "Motor speed (PWM duty) of robots with enable pins, 0..1.");
        _sideOutput = meter.CreateGauge<double>("dualrobot.robot.side_output", null, "Applied output of each side, -1..1 (negative backwards).");
        _poseX = meter.CreateGauge<double>("dualrobot.robot.pose_x_meters", "m", "Estimated x from the start, metres (forward at heading 0).");
        _poseY = meter.CreateGauge<double>("dualrobot.robot.pose_y_meters", "m", "Estimated y from the start, metres (to the left at heading 0).");
        _poseHeading = meter.CreateGauge<double>("dualrobot.robot.pose_heading_radians", "rad", "Estimated heading, radians counter-clockwise, -pi..pi.");
        _eye = meter.CreateGauge<int>("dualrobot.robot.eye", null, "1 for the eye's current mode (off, on, blink), 0 for the others.");
        _servoAngle = meter.CreateGauge<double>("dualrobot.robot.servo_angle", "deg", "Last commanded servo angle in degrees.");
        _gpioWrite = meter.CreateHistogram("dualrobot.gpio.write_duration", "s", "Time to apply one command's pin writes, by backend.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = GpioWriteBuckets });
        _deadmanStops = meter.CreateCounter<long>("dualrobot.deadman_stops", "{stop}", "Stops made by the api because a motion's lease expired.");
        _watchdogFires = meter.CreateCounter<long>("dualrobot.watchdog_fires", "{stop}", "Stops made on the robot by its own watchdog (pigpio script): no command reached it within lease + margin.");
        _emergencyStops = meter.CreateCounter<long>("dualrobot.emergency_stops", "{stop}", "Emergency stops latched.");
        _emergencyStopLatched = meter.CreateGauge<int>("dualrobot.emergency_stop_latched", null, "1 while the emergency stop is latched.");
        _backendConnected = meter.CreateGauge<int>("dualrobot.backend_connected", null, "1 while the robot's GPIO backend is reachable.");
        _reconnects = meter.CreateCounter<long>("dualrobot.backend_reconnects", "{reconnect}", "Times the robot's backend came back after a loss.");

        // The families without labels exist from the start, at zero.
        _emergencyStops.Add(0);
        _emergencyStopLatched.Record(0);
    }

    /// <summary>Creates every labelled series of a robot at zero, so rate() and alerts see the first increment.</summary>
    public void Register(string robot, string backend, int servoCount, bool hasSpeedControl)
    {
        foreach (var action in RobotActions.All)
        {
            foreach (var outcome in new[] { CommandOutcomes.Accepted, CommandOutcomes.Invalid, CommandOutcomes.Unavailable })
            {
                _commands.Add(0, Tag("robot", robot), Tag("action", action), Tag("outcome", outcome));
            }
        }

        _deadmanStops.Add(0, Tag("robot", robot));
        _watchdogFires.Add(0, Tag("robot", robot));
        _reconnects.Add(0, Tag("robot", robot));
        SetMotion(robot, Direction.Stop);
        SetSides(robot, 0, 0);
        SetPose(robot, 0, 0, 0);
        SetEye(robot, EyeState.Off);
        if (hasSpeedControl)
        {
            SetSpeed(robot, 0);
        }

        // Primed, not recorded: no angle was commanded yet, the robot's connection is set when it starts, and a
        // histogram cannot be recorded at zero.
        for (var i = 0; i < servoCount; i++)
        {
            _prometheus.Prime(_servoAngle, [Tag("robot", robot), Tag("servo", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        _prometheus.Prime(_backendConnected, [Tag("robot", robot), Tag("backend", backend)]);
        _prometheus.Prime(_gpioWrite, [Tag("backend", backend)]);
    }

    public void CountCommand(string robot, string action, string outcome) =>
        _commands.Add(1, Tag("robot", robot), Tag("action", action), Tag("outcome", outcome));

    public void SetMotion(string robot, Direction current, Direction? previous = null)
    {
        if (previous is { } last)
        {
            // The other series are 0 already: only the one that was 1 and the one that becomes 1 change.
            _motion.Record(0, Tag("robot", robot), Tag("direction", WireNames.Of(last)));
            _motion.Record(1, Tag("robot", robot), Tag("direction", WireNames.Of(current)));
            return;
        }

        foreach (var direction in Directions)
        {
            _motion.Record(direction == current ? 1 : 0, Tag("robot", robot), Tag("direction", WireNames.Of(direction)));
        }
    }

    public void SetSpeed(string robot, double speed) => _speed.Record(speed, Tag("robot", robot));

    public void SetSides(string robot, double left, double right)
    {
        _sideOutput.Record(left, Tag("robot", robot), Tag("side", "left"));
        _sideOutput.Record(right, Tag("robot", robot), Tag("side", "right"));
    }

    public void SetPose(string robot, double x, double y, double heading)
    {
        _poseX.Record(x, Tag("robot", robot));
        _poseY.Record(y, Tag("robot", robot));
        _poseHeading.Record(heading, Tag("robot", robot));
    }

    public void SetEye(string robot, EyeState current)
    {
        foreach (var state in EyeStates)
        {
            _eye.Record(state == current ? 1 : 0, Tag("robot", robot), Tag("state", WireNames.Of(state)));
        }
    }

    public void SetServoAngle(string robot, int servo, double angle) =>
        _servoAngle.Record(angle, Tag("robot", robot), Tag("servo", servo.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public void ObserveGpioWrite(string backend, TimeSpan duration) => _gpioWrite.Record(duration.TotalSeconds, Tag("backend", backend));

    public void CountDeadmanStop(string robot) => _deadmanStops.Add(1, Tag("robot", robot));

    public void CountWatchdogFires(string robot, int fires) => _watchdogFires.Add(fires, Tag("robot", robot));

    public void CountEmergencyStop() => _emergencyStops.Add(1);

    public void SetEmergencyStopLatched(bool latched) => _emergencyStopLatched.Record(latched ? 1 : 0);

    public void SetBackendConnected(string robot, string backend, bool connected) =>
        _backendConnected.Record(connected ? 1 : 0, Tag("robot", robot), Tag("backend", backend));

    public void CountReconnect(string robot) => _reconnects.Add(1, Tag("robot", robot));

    public void Dispose()
    {
        _prometheus.Dispose();
        _meter.Dispose();
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
