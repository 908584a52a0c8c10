using System.Diagnostics;

namespace DualRobot.Api.Diagnostics;

/// <summary>Span and attribute names of the api, in one place so dashboards and tests can rely on them.</summary>
public static class RobotTelemetry
{
    public const string ActivitySourceName = "DualRobot.Api";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>The <c>robot.action</c> of the fleet-wide emergency stop's span.</summary>
    public const string EmergencyStopAction = "estop";

    public static class Spans
    {
        public const string Drive = "robot.drive";
        public const string Heartbeat = "robot.heartbeat";
        public const string Eye = "robot.eye";
        public const string Servo = "robot.servo";
        public const string Velocity = "robot.velocity";
        public const string PoseReset = "robot.pose.reset";
        public const string EmergencyStop = "robot.estop";
        public const string Deadman = "robot.deadman";
        public const string SafeState = "robot.safe_state";
        public const string GpioWrite = "gpio.write";
    }

    public static class Tags
    {
        public const string Robot = "robot.name";
        public const string Action = "robot.action";
        public const string Direction = "robot.direction";
        public const string Speed = "robot.speed";
        public const string LeaseMs = "robot.lease_ms";
        public const string Eye = "robot.eye";
        public const string ServoIndex = "robot.servo.index";
        public const string ServoAngle = "robot.servo.angle";
        public const string Linear = "robot.linear";
        public const string Angular = "robot.angular";
        public const string Left = "robot.left";
        public const string Right = "robot.right";
        public const string Deadline = "robot.deadline";
        public const string Outcome = "robot.outcome";
        public const string SafeStateReason = "robot.safe_state_reason";
        public const string Backend = "gpio.backend";
        public const string Pins = "gpio.pins";
    }
}
