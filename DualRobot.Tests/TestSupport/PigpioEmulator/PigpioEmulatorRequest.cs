namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>
/// One request as the emulator received it, in arrival order. <see cref="Raw"/> holds the 16 bytes exactly as they
/// came off the wire; <see cref="Result"/> is null when the request was swallowed (never answered).
/// </summary>
public sealed record PigpioEmulatorRequest(
    int ConnectionId,
    uint Command,
    uint P1,
    uint P2,
    uint P3,
    int? Result,
    byte[] Raw)
{
    public override string ToString() => $"#{ConnectionId} {Command} {P1} {P2} {P3} -> {Result?.ToString() ?? "(no reply)"}";
}
