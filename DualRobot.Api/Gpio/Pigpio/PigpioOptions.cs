using System.ComponentModel.DataAnnotations;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>Timeouts and reconnect pacing for a pigpiod link; bound from the <c>Pigpio</c> configuration section.</summary>
public sealed class PigpioOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Pigpio";

    /// <summary>How long one TCP connect may take before the daemon counts as unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one exchange (write plus all its replies, including waiting for the socket lock) may take. pigpiod
    /// answers in well under a millisecond on a LAN, so anything near this limit means the link or daemon is stuck.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First delay between reconnect attempts; doubled after each failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound of the reconnect back-off, so a returning daemon is found within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long past a motion's lease the robot's own watchdog script (inside pigpiod) waits for the next kick before
    /// it turns the motors off by itself: room for the api's own deadman stop to arrive first, and for a late packet.
    /// The robot then stops within lease + margin (+ one 10 ms tick) of the last command or heartbeat that reached it.
    /// </summary>
    [Range(0, 10_000)]
    public int WatchdogMarginMs { get; set; } = 250;

    /// <summary>Throws when a value is out of range, for callers that build options in code rather than binding them.</summary>
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (ReconnectMaxDelay < ReconnectMinDelay)
        {
            throw new ValidationException(
                $"{nameof(ReconnectMaxDelay)} ({ReconnectMaxDelay}) must not be less than {nameof(ReconnectMinDelay)} ({ReconnectMinDelay}).");
        }
    }
}
