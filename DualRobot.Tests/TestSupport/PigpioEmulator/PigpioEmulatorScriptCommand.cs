namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>
/// A pigpio command that a running script executed (not a client), with its result. <see cref="DelaySinceUpdate"/> is
/// the MILS and MICS delay the script had begun since its parameters were last set by PROCR or PROCU: a count of the
/// script's own steps, so a test can tell how long after the last kick a watchdog fired without timing anything.
/// </summary>
public sealed record PigpioEmulatorScriptCommand(int ScriptId, uint Command, uint P1, uint P2, int Result, TimeSpan DelaySinceUpdate);
