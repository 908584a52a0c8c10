namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>
/// One request as the emulator received it, in arrival order. <see cref="Raw"/> holds the 16 bytes exactly as they
/// came off the wire and <see cref="Extension"/> the p3 bytes after them (a script's text, a run's parameters);
/// <see cref="Result"/> is null when the request was swallowed (never answered).
/// </summary>
public sealed record PigpioEmulatorRequest(
    int ConnectionId,
    uint Command,
    uint P1,
    uint P2,
    uint P3,
    int? Result,
    byte[] Raw,
    byte[]? Extension = null)
{
    public override string ToString() => $"#{ConnectionId} {Command} {P1} {P2} {P3} -> {Result?.ToString() ?? "(no reply)"}";
}
