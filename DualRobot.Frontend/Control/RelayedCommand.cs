using System.Diagnostics;
using DualRobot.Frontend.Diagnostics;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.RobotApi;

namespace DualRobot.Frontend.Control;

/// <summary>
/// One command as the console relays it, whichever way it came (<c>/control</c>, the command socket, the page's
/// forms): what it is called in spans and logs, who may send it (<see cref="Policy"/>), whether it is a renewal
/// traced only when refused (<see cref="Quiet"/>), whether it is a stop (<see cref="NeverStale"/>: a stop always goes
/// through, however late), and the api call that carries it.
/// </summary>
public sealed record RelayedCommand(
    string Action,
    string Span,
    string? Robot,
    Func<RobotApiClient, CancellationToken, Task<ApiResponse>> Call,
    string Policy = OperatorPolicy.Name,
    bool Quiet = false,
    Action<Activity>? Tag = null,
    bool NeverStale = false)
{
    /// <summary>
    /// Any other robot command, relayed as it came: <c>POST /robots/{robot}/{route}</c>, in a <c>console.{action}</c>
    /// span, for operators.
    /// </summary>
    public static RelayedCommand Of(string robot, string route, string action, object? body) =>
        new(action, $"console.{action}", robot, (api, token) => api.SendCommandAsync(robot, route, body, token));

    public static RelayedCommand Drive(string robot, DriveRequest body, string action = RobotActions.Drive) =>
        new(action, ConsoleTelemetry.Spans.Drive, robot, (api, token) => api.DriveAsync(robot, body, token),
            Tag: activity => activity.SetTag(ConsoleTelemetry.Tags.Direction, body.Direction is { } direction ? WireNames.Of(direction) : null),
            NeverStale: body.IsStop);

    public static RelayedCommand Velocity(string robot, VelocityRequest body) =>
        new(RobotActions.Velocity, ConsoleTelemetry.Spans.Velocity, robot, (api, token) => api.VelocityAsync(robot, body, token),
            Tag: activity =>
            {
                activity.SetTag(ConsoleTelemetry.Tags.Linear, body.Linear);
                activity.SetTag(ConsoleTelemetry.Tags.Angular, body.Angular);
            });

    /// <summary>Several a second while a control is held: traced only when refused.</summary>
    public static RelayedCommand Heartbeat(string robot, HeartbeatRequest? body) =>
        new(RobotActions.Heartbeat, ConsoleTelemetry.Spans.Heartbeat, robot,
            (api, token) => api.HeartbeatAsync(robot, body ?? new HeartbeatRequest(), token), Quiet: true);

    public static RelayedCommand Eye(string robot, EyeRequest body) =>
        new(RobotActions.Eye, ConsoleTelemetry.Spans.Eye, robot, (api, token) => api.SetEyeAsync(robot, body, token),
            Tag: activity => activity.SetTag(ConsoleTelemetry.Tags.Eye, body.State is { } state ? WireNames.Of(state) : null));

    public static RelayedCommand Servo(string robot, int index, ServoRequest body) =>
        new(RobotActions.Servo, ConsoleTelemetry.Spans.Servo, robot, (api, token) => api.SetServoAsync(robot, index, body, token),
            Tag: activity => activity.SetTag(ConsoleTelemetry.Tags.ServoIndex, index));

    public static RelayedCommand ResetPose(string robot) =>
        new(RobotActions.PoseReset, ConsoleTelemetry.Spans.PoseReset, robot, (api, token) => api.ResetPoseAsync(robot, token));

    public static RelayedCommand TakeControl(string robot) =>
        new(RobotActions.TakeControl, ConsoleTelemetry.Spans.TakeControl, robot, (api, token) => api.TakeControlAsync(robot, token));

    public static RelayedCommand EmergencyStop() =>
        new(RobotActions.EmergencyStop, ConsoleTelemetry.Spans.EmergencyStop, null, (api, token) => api.EmergencyStopAsync(token), NeverStale: true);

    /// <summary>Draws or redraws a keep-out zone: supervisors only.</summary>
    public static RelayedCommand PutZone(string zone, ZoneRequest body) =>
        new(RobotActions.ZonePut, ConsoleTelemetry.Spans.ZonePut, body.Robot, (api, token) => api.PutZoneAsync(zone, body, token),
            Policy: OperatorPolicy.Supervisor);

    public static RelayedCommand DeleteZone(string zone) =>
        new(RobotActions.ZoneDelete, ConsoleTelemetry.Spans.ZoneDelete, null, (api, token) => api.DeleteZoneAsync(zone, token),
            Policy: OperatorPolicy.Supervisor);

    /// <summary>Caps every driver of the robot at the slow-mode speed, or lifts the cap: supervisors only.</summary>
    public static RelayedCommand SlowMode(string robot, SlowModeRequest body) =>
        new(RobotActions.SlowMode, ConsoleTelemetry.Spans.SlowMode, robot, (api, token) => api.SetSlowModeAsync(robot, body, token),
            Policy: OperatorPolicy.Supervisor);

    /// <summary>A velocity for every member of a group (<c>POST /groups/{group}/velocity</c>), all or none.</summary>
    public static RelayedCommand GroupVelocity(string group, GroupVelocityRequest body) =>
        new(RobotActions.GroupVelocity, ConsoleTelemetry.Spans.GroupVelocity, null,
            (api, token) => api.SendGroupCommandAsync(group, "velocity", body, token),
            Tag: activity =>
            {
                activity.SetTag(ConsoleTelemetry.Tags.Group, group);
                activity.SetTag(ConsoleTelemetry.Tags.Linear, body.Linear);
                activity.SetTag(ConsoleTelemetry.Tags.Angular, body.Angular);
            });

    /// <summary>A drive for every member of a group; a stop stops every member and is never stale.</summary>
    public static RelayedCommand GroupDrive(string group, GroupDriveRequest body) =>
        new(body.IsStop ? RobotActions.GroupStop : RobotActions.GroupDrive, ConsoleTelemetry.Spans.GroupDrive, null,
            (api, token) => api.SendGroupCommandAsync(group, "drive", body, token),
            Tag: activity =>
            {
                activity.SetTag(ConsoleTelemetry.Tags.Group, group);
                activity.SetTag(ConsoleTelemetry.Tags.Direction, body.Direction is { } direction ? WireNames.Of(direction) : null);
            },
            NeverStale: body.IsStop);

    /// <summary>Renews a group's lease: several a second while a control is held, traced only when refused.</summary>
    public static RelayedCommand GroupHeartbeat(string group, HeartbeatRequest? body) =>
        new(RobotActions.GroupHeartbeat, ConsoleTelemetry.Spans.GroupHeartbeat, null,
            (api, token) => api.SendGroupCommandAsync(group, "heartbeat", body ?? new HeartbeatRequest(), token), Quiet: true);

    public static RelayedCommand ReleaseEmergencyStop() =>
        new(RobotActions.EmergencyStopRelease, ConsoleTelemetry.Spans.EmergencyStopRelease, null,
            (api, token) => api.ReleaseEmergencyStopAsync(token), Policy: OperatorPolicy.Supervisor);
}
