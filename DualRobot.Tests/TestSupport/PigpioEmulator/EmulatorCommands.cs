namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>
/// pigpiod command numbers and error codes, duplicated from the production enum on purpose: the emulator must stay
/// BCL-only and independent, so a mistake in the client's constants cannot hide in a shared definition.
/// </summary>
internal static class EmulatorCommands
{
    public const uint Modes = 0, Modeg = 1, Pud = 2, Read = 3, Write = 4, Pwm = 5, Prs = 6, Pfs = 7, Servo = 8,
        Wdog = 9, Br1 = 10, Bc1 = 12, Bs1 = 14, Tick = 16, Hwver = 17, Nb = 19, Nc = 21, Prg = 22, Pfg = 23,
        Prrg = 24, Pigpv = 26, Gdc = 83, Gpw = 84, Fg = 97, Noib = 99;

    /// <summary>The script commands: store, delete, run, stop, status and parameters, check, update parameters.</summary>
    public const uint Proc = 38, Procd = 39, Procr = 40, Procs = 41, Procp = 45, Parse = 48, Procu = 117;

    public const int BadUserGpio = -2, BadGpio = -3, BadMode = -4, BadLevel = -5, BadPud = -6, BadPulseWidth = -7,
        BadDutyCycle = -8, BadWatchdogTimeout = -15, BadDutyRange = -21, NoHandle = -24, BadHandle = -25,
        SomePermitted = -42, UnknownCommand = -88, NotPwmGpio = -92, NotServoGpio = -93, BadFilter = -125;

    /// <summary>The script error codes (pigpio.h): bad text, unknown id, parameter and variable numbers, tags, room, state, delays.</summary>
    public const int BadScript = -47, BadScriptId = -48, BadParamNum = -52, DupTag = -53, TooManyTags = -54,
        BadScriptCmd = -55, BadVarNum = -56, NoScriptRoom = -57, TooManyParam = -61, ScriptNotReady = -62, BadTag = -63,
        BadMicsDelay = -64, BadMilsDelay = -65;

    /// <summary>pigpio's limits: stored scripts, parameters and variables per script, tags per script.</summary>
    public const int MaxScripts = 32, ScriptParams = 10, ScriptVariables = 150, MaxScriptTags = 50;

    /// <summary>Script run states as PROCP reports them.</summary>
    public const int ScriptIniting = 0, ScriptHalted = 1, ScriptRunning = 2, ScriptWaiting = 3, ScriptFailed = 4;

    /// <summary>A Raspberry Pi 3 B, which gpiozero accepts.</summary>
    public const int HardwareRevision = 0xa02082;

    public const int PigpioVersion = 79;

    /// <summary>pigpio's default user-permitted GPIO on a type 3 board (2–27); bank writes to others give −42.</summary>
    public const uint PermittedMask = 0x0FFFFFFC;

    /// <summary>PWM frequencies at the default 5 µs sample rate.</summary>
    public static readonly int[] Frequencies = [8000, 4000, 2000, 1600, 1000, 800, 500, 400, 320, 250, 200, 160, 100, 80, 50, 40, 20, 10];

    /// <summary>The real range for each entry of <see cref="Frequencies"/>.</summary>
    public static readonly int[] RealRanges = [25, 50, 100, 125, 200, 250, 400, 500, 625, 800, 1000, 1250, 2000, 2500, 4000, 5000, 10000, 20000];

    public const int DefaultFrequencyIndex = 5;

    public const int DefaultRange = 255;
}
