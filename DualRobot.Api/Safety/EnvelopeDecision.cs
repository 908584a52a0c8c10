using System.Globalization;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Safety;

/// <summary>
/// What the envelope let through of one motion: the sides to write and the lease to hold, and what held them back.
/// The default is "as asked" (a robot without an envelope, a command that is no motion).
/// </summary>
/// <param name="Scale">The sides written over those asked for (1 when only the lease was cut short).</param>
/// <param name="SidesChanged">The sides differ from those asked for (a renewal's: from those the robot has).</param>
/// <param name="LeaseChanged">The lease was cut short: the robot stops at its end, the margin before what is in the way.</param>
/// <param name="Made">The envelope decided this (false in the default: nothing was checked).</param>
internal readonly record struct EnvelopeDecision(
    SideValues Sides,
    TimeSpan Lease,
    EnvelopeLimit Limit,
    string? Zone,
    double Scale,
    bool IsRenewal,
    bool SidesChanged,
    bool LeaseChanged,
    bool Made = true)
{
    /// <summary>The lease to hold: the cut one, or the one asked for.</summary>
    public TimeSpan LeaseOr(TimeSpan asked) => LeaseChanged ? Lease : asked;

    /// <summary>
    /// A command's audit parameters, with what the envelope applied when it changed anything (the limit, the zone, the
    /// scale of the sides and the lease held), so the trail and a replay see the motion the robot made.
    /// </summary>
    public Dictionary<string, string> Describe(Dictionary<string, string> parameters)
    {
        if (Made && (SidesChanged || LeaseChanged))
        {
            parameters["limit"] = WireNames.Of(Limit);
            if (Zone is not null)
            {
                parameters["zone"] = Zone;
            }

            parameters["scale"] = Scale.ToString("0.####", CultureInfo.InvariantCulture);
            parameters["appliedLeaseMs"] = ((int)Lease.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        }

        return parameters;
    }
}
