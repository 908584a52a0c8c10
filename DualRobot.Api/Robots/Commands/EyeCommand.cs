using System.Diagnostics;
using System.Globalization;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands;

/// <summary>Sets the eye on, off or blinking (blinking starts lit).</summary>
internal sealed class EyeCommand(EyeState eye) : RobotCommand
{
    private bool Lit => eye != EyeState.Off;

    public override string Action => RobotActions.Eye;

    public override string Span => RobotTelemetry.Spans.Eye;

    public override bool NeedsClaim => true;

    public override IReadOnlyDictionary<string, string> AuditParameters => new Dictionary<string, string> { ["state"] = WireNames.Of(eye) };

    public override void Tag(Activity activity) => activity.SetTag(RobotTelemetry.Tags.Eye, WireNames.Of(eye));

    public override string Pins(CommandScope scope) => scope.Devices.Eye.Pin.ToString(CultureInfo.InvariantCulture);

    public override void Write(CommandScope scope) => scope.Devices.Eye.Write(Lit);

    public override void Commit(CommandScope scope)
    {
        scope.Robot.State.SetEye(eye, Lit);
        scope.Robot.Blinker.Follow(eye);
        scope.Robot.Instrumentation.Eye(eye);
    }
}
