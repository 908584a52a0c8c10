using System.Diagnostics;

namespace DualRobot.Frontend.Diagnostics;

/// <summary>Span and tag names of the console, so a trace reads browser → console.* → robot.* in one place.</summary>
public static class ConsoleTelemetry
{
    public const string ActivitySourceName = "DualRobot.Frontend";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    public static class Spans
    {
        public const string Drive = "console.drive";
        public const string Velocity = "console.velocity";
        public const string PoseReset = "console.pose.reset";
        public const string Heartbeat = "console.heartbeat";
        public const string Eye = "console.eye";
        public const string Servo = "console.servo";
        public const string EmergencyStop = "console.estop";
        public const string EmergencyStopRelease = "console.estop.release";
        public const string TakeControl = "console.take_control";
        public const string ZonePut = "console.zone.put";
        public const string ZoneDelete = "console.zone.delete";
        public const string SlowMode = "console.slow_mode";
        public const string GroupVelocity = "console.group.velocity";
        public const string GroupDrive = "console.group.drive";
        public const string GroupHeartbeat = "console.group.heartbeat";

        /// <summary>The command socket's opening: origin, session and handshake, not the socket's whole life.</summary>
        public const string CommandSocket = "console.command_socket";
    }

    public static class Tags
    {
        public const string Robot = "robot.name";
        public const string Action = "robot.action";
        public const string Direction = "robot.direction";
        public const string Linear = "robot.velocity.linear";
        public const string Angular = "robot.velocity.angular";
        public const string Eye = "robot.eye";
        public const string ServoIndex = "robot.servo.index";
        public const string Group = "robot.group";
        public const string Operator = "enduser.id";
        public const string Source = "console.source";
        public const string StatusCode = "http.response.status_code";
    }

    /// <summary>Starts a command span tagged with who asked for what.</summary>
    /// <param name="parent">The operator action the command belongs to, as the page named it (a hold, press to
    /// release); default: the current activity, the request's.</param>
    public static Activity? StartCommand(string span, string action, string? robot, string? user, string source, ActivityContext parent = default)
    {
        var activity = parent == default
            ? ActivitySource.StartActivity(span, ActivityKind.Internal)
            : ActivitySource.StartActivity(span, ActivityKind.Internal, parent);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(Tags.Action, action);
        activity.SetTag(Tags.Source, source);
        if (robot is not null)
        {
            activity.SetTag(Tags.Robot, robot);
        }

        if (user is not null)
        {
            activity.SetTag(Tags.Operator, user);
        }

        return activity;
    }

    /// <summary>
    /// A refused command whose request is not traced (a heartbeat, see ServiceDefaults' quiet requests) still gets a
    /// trace: a root span of its own from <paramref name="started"/> to now, with the api's answer.
    /// </summary>
    public static void TraceRefusal(string span, string action, string? robot, string? user, string source, DateTime started, int statusCode)
    {
        var untraced = Activity.Current;
        Activity.Current = null;
        try
        {
            using var activity = StartCommand(span, action, robot, user, source);
            activity?.SetStartTime(started);
            Complete(activity, statusCode);
        }
        finally
        {
            Activity.Current = untraced;
        }
    }

    /// <summary>The command socket's own short span (the caller makes it a root): opened (101, or 200 over HTTP/2) or refused, tagged with who.</summary>
    public static Activity? StartSocket(string? user)
    {
        var activity = ActivitySource.StartActivity(Spans.CommandSocket, ActivityKind.Server);
        if (user is not null)
        {
            activity?.SetTag(Tags.Operator, user);
        }

        return activity;
    }

    /// <summary>Records the api's answer on the span; refusals are errors so they stand out in Jaeger.</summary>
    public static void Complete(Activity? activity, int statusCode)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(Tags.StatusCode, statusCode);
        if (statusCode >= 400)
        {
            activity.SetStatus(ActivityStatusCode.Error, $"api answered {statusCode}");
        }
    }
}
