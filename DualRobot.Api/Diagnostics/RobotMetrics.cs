using DualRobot.Api.Robots;
using Prometheus;

namespace DualRobot.Api.Diagnostics;

/// <summary>
/// The robot families exported at /metrics. Names are the contract with the Grafana dashboard and the alert
/// rules (see DualRobot.AppHost/observability), so they change only together.
/// </summary>
public sealed class RobotMetrics
{
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
    public const string EmergencyStopsTotal = "dualrobot_emergency_stops_total";
    public const string EmergencyStopLatched = "dualrobot_emergency_stop_latched";
    public const string BackendConnected = "dualrobot_backend_connected";
    public const string BackendReconnectsTotal = "dualrobot_backend_reconnects_total";

    private static readonly Direction[] Directions = Enum.GetValues<Direction>();
    private static readonly EyeState[] EyeStates = Enum.GetValues<EyeState>();

    private readonly Counter _commands;
    private readonly Gauge _motion;
    private readonly Gauge _speed;
    private readonly Gauge _sideOutput;
    private readonly Gauge _poseX;
    private readonly Gauge _poseY;
    private readonly Gauge _poseHeading;
    private readonly Gauge _eye;
    private readonly Gauge _servoAngle;
    private readonly Histogram _gpioWrite;
    private readonly Counter _deadmanStops;
    private readonly Counter _emergencyStops;
    private readonly Gauge _emergencyStopLatched;
    private readonly Gauge _backendConnected;
    private readonly Counter _reconnects;

    public RobotMetrics()
        : this(Metrics.DefaultFactory)
    {
    }

    public RobotMetrics(IMetricFactory factory)
    {
        _commands = factory.CreateCounter(CommandsTotal, "Commands received, by robot, action and outcome.", ["robot", "action", "outcome"]);
        _motion = factory.CreateGauge(Motion, "1 for the robot's current motion, 0 for the others.", ["robot", "direction"]);
        _speed = factory.CreateGauge(Speed, "Motor speed (PWM duty) of robots with enable pins, 0..1.", ["robot"]);
        _sideOutput = factory.CreateGauge(SideOutput, "Applied output of each side, -1..1 (negative backwards).", ["robot", "side"]);
        _poseX = factory.CreateGauge(PoseX, "Estimated x from the start, metres (forward at heading 0).", ["robot"]);
        _poseY = factory.CreateGauge(PoseY, "Estimated y from the start, metres (to the left at heading 0).", ["robot"]);
        _poseHeading = factory.CreateGauge(PoseHeading, "Estimated heading, radians counter-clockwise, -pi..pi.", ["robot"]);
        _eye = factory.CreateGauge(Eye, "1 for the eye's current mode (off, on, blink), 0 for the others.", ["robot", "state"]);
        _servoAngle = factory.CreateGauge(ServoAngle, "Last commanded servo angle in degrees.", ["robot", "servo"]);
        _gpioWrite = factory.CreateHistogram(GpioWriteDuration, "Time to apply one command's pin writes, by backend.",
            new HistogramConfiguration
            {
                LabelNames = ["backend"],
                // From in-memory writes (microseconds) to a LAN round trip that is already too slow.
                Buckets = [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
            });
        _deadmanStops = factory.CreateCounter(DeadmanStopsTotal, "Stops made by the api because a motion's lease expired.", ["robot"]);
        _emergencyStops = factory.CreateCounter(EmergencyStopsTotal, "Emergency stops latched.");
        _emergencyStopLatched = factory.CreateGauge(EmergencyStopLatched, "1 while the emergency stop is latched.");
        _backendConnected = factory.CreateGauge(BackendConnected, "1 while the robot's GPIO backend is reachable.", ["robot", "backend"]);
        _reconnects = factory.CreateCounter(BackendReconnectsTotal, "Times the robot's backend came back after a loss.", ["robot"]);
    }

    /// <summary>Creates every labelled child of a robot at zero, so rate() and alerts see the first increment.</summary>
    public void Register(string robot, string backend, int servoCount, bool hasSpeedControl)
    {
        foreach (var action in RobotActions.All)
        {
            foreach (var outcome in new[] { CommandOutcomes.Accepted, CommandOutcomes.Invalid, CommandOutcomes.Unavailable })
            {
                _commands.WithLabels(robot, action, outcome);
            }
        }

        _deadmanStops.WithLabels(robot);
        _reconnects.WithLabels(robot);
        _emergencyStops.Inc(0);
        SetMotion(robot, Direction.Stop);
        SetSides(robot, 0, 0);
        SetPose(robot, 0, 0, 0);
        SetEye(robot, EyeState.Off);
        if (hasSpeedControl)
        {
            _speed.WithLabels(robot).Set(0);
        }

        for (var i = 0; i < servoCount; i++)
        {
            _servoAngle.WithLabels(robot, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _backendConnected.WithLabels(robot, backend);
        _gpioWrite.WithLabels(backend);
    }

    public void CountCommand(string robot, string action, string outcome) => _commands.WithLabels(robot, action, outcome).Inc();

    public void SetMotion(string robot, Direction current)
    {
        foreach (var direction in Directions)
        {
            _motion.WithLabels(robot, RobotJson.Name(direction)).Set(direction == current ? 1 : 0);
        }
    }

    public void SetSpeed(string robot, double speed) => _speed.WithLabels(robot).Set(speed);

    public void SetSides(string robot, double left, double right)
    {
        _sideOutput.WithLabels(robot, "left").Set(left);
        _sideOutput.WithLabels(robot, "right").Set(right);
    }

    public void SetPose(string robot, double x, double y, double heading)
    {
        _poseX.WithLabels(robot).Set(x);
        _poseY.WithLabels(robot).Set(y);
        _poseHeading.WithLabels(robot).Set(heading);
    }

    public void SetEye(string robot, EyeState current)
    {
        foreach (var state in EyeStates)
        {
            _eye.WithLabels(robot, RobotJson.Name(state)).Set(state == current ? 1 : 0);
        }
    }

    public void SetServoAngle(string robot, int servo, double angle) =>
        _servoAngle.WithLabels(robot, servo.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(angle);

    public void ObserveGpioWrite(string backend, TimeSpan duration) => _gpioWrite.WithLabels(backend).Observe(duration.TotalSeconds);

    public void CountDeadmanStop(string robot) => _deadmanStops.WithLabels(robot).Inc();

    public void CountEmergencyStop() => _emergencyStops.Inc();

    public void SetEmergencyStopLatched(bool latched) => _emergencyStopLatched.Set(latched ? 1 : 0);

    public void SetBackendConnected(string robot, string backend, bool connected) =>
        _backendConnected.WithLabels(robot, backend).Set(connected ? 1 : 0);

    public void CountReconnect(string robot) => _reconnects.WithLabels(robot).Inc();
}
