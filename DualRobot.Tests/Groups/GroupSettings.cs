using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Groups;

/// <summary>Configuration for the group tests: both default robots with enable (PWM) pins, and a convoy led by Torvalds.</summary>
internal static class GroupSettings
{
    /// <summary>
    /// Torvalds has no enable pins by default, so every side it runs is −1, 0 or 1: a mirrored arc or a follower's
    /// steering needs speeds in between. BCM 5 and 6 are free on the default robots.
    /// </summary>
    public static Dictionary<string, string?> BothWithSpeedControl(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Robots:Torvalds:LeftMotor:Enable"] = "5",
            ["Robots:Torvalds:RightMotor:Enable"] = "6",
            // Torvalds (0.5, 0) ahead, Linus (−0.5, 0) behind it: Linus follows.
            ["Groups:convoy:Members:0"] = "Torvalds",
            ["Groups:convoy:Members:1"] = "Linus",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// Advances the fake clock in 10 ms steps: it fires a timer (the follow loop's, a lease's) at the end of a step,
    /// not at its due time.
    /// </summary>
    public static void AdvanceInSteps(this FakeTimeProvider time, TimeSpan span)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += TimeSpan.FromMilliseconds(10))
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
        }
    }
}
