using DualRobot.Api.Audit;
using DualRobot.Api.Robots;

namespace DualRobot.Api.Recording;

/// <summary>
/// Cuts each robot's recording into sessions as the writer stores it: a session opens with a motion, follows the
/// robot while its driver stays the same, and closes once it stood still longer than the gap (or another driver moved
/// it). Entries come in the order they were recorded, so a command's own state comes before its audit record. Only
/// the writer's thread uses it.
/// </summary>
internal sealed class SessionTracker(TimeSpan gap)
{
    private Dictionary<string, OpenSession> _open = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A state: opens, extends or stops a session. Returns the session it changed, if any.</summary>
    public OpenSession? Observe(DateTimeOffset time, RecordedState state)
    {
        var moving = state.Motion != Direction.Stop;
        _open.TryGetValue(state.Robot, out var session);
        if (moving)
        {
            if (session is null || !SameDriver(session.Driver, state.Driver) || !session.Follows(time, gap))
            {
                session = new OpenSession(state.Robot, state.Driver, time);
                _open[state.Robot] = session;
            }

            session.Moving = true;
            session.End = time;
            return session;
        }

        if (session is { Moving: true })
        {
            session.Moving = false;
            session.Stops++;
            session.End = time;
            return session;
        }

        return null;
    }

    /// <summary>An audit record about a robot, inside that robot's session: counted as a command or a refusal.</summary>
    public OpenSession? Observe(DateTimeOffset time, AuditRecord record)
    {
        if (record.Robot is not { } robot || !_open.TryGetValue(robot, out var session) || !session.Follows(time, gap)
            || !IsCommand(record.Action))
        {
            return null;
        }

        if (record.Outcome == Diagnostics.CommandOutcomes.Accepted)
        {
            session.Commands++;
        }
        else
        {
            session.Refusals++;
        }

        if (time > session.End)
        {
            session.End = time;
        }

        return session;
    }

    /// <summary>A copy to go back to when a batch could not be written (its rows and counts are not in the store).</summary>
    public Dictionary<string, OpenSession> Checkpoint() =>
        _open.ToDictionary(e => e.Key, e => e.Value.Copy(), StringComparer.OrdinalIgnoreCase);

    public void Restore(Dictionary<string, OpenSession> checkpoint) => _open = checkpoint;

    private static bool IsCommand(string action) => RobotActions.All.Contains(action) || action == RobotActions.TakeControl;

    private static bool SameDriver(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The session a robot is in, as the tracker updates it; <see cref="Id"/> is 0 until the store inserted it.</summary>
internal sealed class OpenSession(string robot, string? driver, DateTimeOffset start)
{
    public long Id { get; set; }

    public string Robot { get; } = robot;

    public string? Driver { get; } = driver;

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset End { get; set; } = start;

    public bool Moving { get; set; }

    public int Commands { get; set; }

    public int Refusals { get; set; }

    public int Stops { get; set; }

    /// <summary>Whether something at <paramref name="time"/> still belongs to this session.</summary>
    public bool Follows(DateTimeOffset time, TimeSpan gap) => Moving || time - End <= gap;

    public OpenSession Copy() => (OpenSession)MemberwiseClone();

    public RecordingSession ToSession() => new(Id, Robot, Driver, Start, End, Commands, Refusals, Stops);
}
