using System.Globalization;

namespace DualRobot.Contract;

/// <summary>
/// The moment after which a caller no longer wants its command applied, sent as
/// <c>X-Command-Deadline: 2026-11-30T00:12:34.567Z</c> (RFC 3339 with an explicit offset). A caller that gives up
/// on a call sets the deadline to that moment, so a command held back in a queue, a proxy or a paused api is
/// refused on arrival instead of moving a robot nobody is watching any more.
/// </summary>
public readonly record struct CommandDeadline(DateTimeOffset At)
{
    public const string HeaderName = "X-Command-Deadline";

    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>
    /// Parses RFC 3339 date-times that carry a zone (<c>Z</c> or <c>±hh:mm</c>); a time without one means nothing
    /// across machines and is refused.
    /// </summary>
    public static bool TryParse(string? text, out CommandDeadline deadline)
    {
        deadline = default;
        if (string.IsNullOrEmpty(text) || text.Length > 40 || !HasZone(text))
        {
            return false;
        }

        if (!DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return false;
        }

        deadline = new CommandDeadline(at);
        return true;
    }

    /// <summary>True when <paramref name="now"/> is later than the deadline plus the clock-skew allowance.</summary>
    public bool HasPassed(DateTimeOffset now, TimeSpan allowance) => now > At + allowance;

    /// <summary>As the header carries it: UTC, to the millisecond, with its zone.</summary>
    public override string ToString() => At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static bool HasZone(string text)
    {
        var last = text[^1];
        if (last is 'Z' or 'z')
        {
            return true;
        }

        // "+hh:mm" or "-hh:mm" at the end.
        return text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':';
    }
}
