namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// One pigpiod request: 16 bytes (cmd, p1, p2, p3), then <see cref="Extension"/>, whose length is p3 (a script's text,
/// a script run's parameters; empty for the pin commands).
/// </summary>
public readonly record struct PigpioRequest(PigpioCommand Command, uint P1, uint P2)
{
    /// <summary>The size of a request's fixed part and of a reply's.</summary>
    public const int FrameSize = 16;

    /// <summary>The bytes sent after the 16-byte frame; their length goes out as p3.</summary>
    public ReadOnlyMemory<byte> Extension { get; init; }

    /// <summary>The whole request on the wire.</summary>
    public int Size => FrameSize + Extension.Length;
}
