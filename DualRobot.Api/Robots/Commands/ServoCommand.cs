using System.Diagnostics;
using System.Globalization;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands;

/// <summary>Turns one servo to an angle. It moves an arm: the e-stop refuses it like a drive, but a wheel stop does not cancel it.</summary>
internal sealed class ServoCommand(int index, double angle) : RobotCommand
{
    public override string Action => RobotActions.Servo;

    public override string Span => RobotTelemetry.Spans.Servo;

    public override bool IsMotion => true;

    public override IReadOnlyDictionary<string, string> AuditParameters => new Dictionary<string, string>
    {
        ["index"] = index.ToString(CultureInfo.InvariantCulture),
        ["angle"] = angle.ToString(CultureInfo.InvariantCulture),
    };

    public override void Tag(Activity activity)
    {
        activity.SetTag(RobotTelemetry.Tags.ServoIndex, index);
        activity.SetTag(RobotTelemetry.Tags.ServoAngle, angle);
    }

    public override string Pins(CommandScope scope) => scope.Devices.Servos[index].Pin.ToString(CultureInfo.InvariantCulture);

    public override void Write(CommandScope scope) => scope.Devices.Servos[index].WriteAngle(angle);

    public override void Commit(CommandScope scope)
    {
        scope.Robot.State.SetServoAngle(index, angle);
        scope.Robot.Instrumentation.ServoAngle(index, angle);
    }
}
