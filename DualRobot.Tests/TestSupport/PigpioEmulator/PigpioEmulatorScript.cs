namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>A stored script as the emulator holds it now: its id, text, run state (PROCP's status) and parameters.</summary>
/// <param name="DelaySinceUpdate">MILS and MICS delay the script began since its parameters were last set.</param>
public sealed record PigpioEmulatorScript(int Id, string Text, int Status, IReadOnlyList<int> Parameters, TimeSpan DelaySinceUpdate);
