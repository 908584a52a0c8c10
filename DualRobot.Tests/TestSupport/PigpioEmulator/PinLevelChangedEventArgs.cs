namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>A GPIO's level changed inside the emulator (by WRITE, BC1/BS1, PWM, mode or pull changes, or a reset).</summary>
public sealed class PinLevelChangedEventArgs(int pin, int level) : EventArgs
{
    public int Pin { get; } = pin;

    public int Level { get; } = level;
}
