namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>One 16-byte pigpiod request (p3, the extension length, is always 0 for the commands we send).</summary>
public readonly record struct PigpioRequest(PigpioCommand Command, uint P1, uint P2)
{
    /// <summary>The size of a request and of a reply on the wire.</summary>
    public const int FrameSize = 16;
}
