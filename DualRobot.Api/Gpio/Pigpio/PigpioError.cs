namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>The negative <c>res</c> codes pigpiod replies with that matter to us (pigpio.h names).</summary>
public static class PigpioError
{
    public const int BadUserGpio = -2;
    public const int BadGpio = -3;
    public const int BadMode = -4;
    public const int BadLevel = -5;
    public const int BadPud = -6;
    public const int BadPulseWidth = -7;
    public const int BadDutyCycle = -8;
    public const int BadWatchdogTimeout = -15;
    public const int BadDutyRange = -21;
    public const int NoHandle = -24;
    public const int BadHandle = -25;
    public const int NotPermitted = -41;
    public const int SomePermitted = -42;
    public const int BadScript = -47;
    public const int BadScriptId = -48;
    public const int BadScriptCmd = -55;
    public const int NoScriptRoom = -57;
    public const int TooManyParam = -61;
    public const int ScriptNotReady = -62;
    public const int BadTag = -63;
    public const int UnknownCommand = -88;
    public const int NotPwmGpio = -92;
    public const int NotServoGpio = -93;
    public const int BadFilter = -125;

    /// <summary>The pigpio text for <paramref name="code"/>, so logs and exceptions read like <c>pigs</c> output.</summary>
    public static string Describe(int code) => code switch
    {
        BadUserGpio => "GPIO not 0-31",
        BadGpio => "GPIO not 0-53",
        BadMode => "mode not 0-7",
        BadLevel => "level not 0-1",
        BadPud => "pud not 0-2",
        BadPulseWidth => "pulsewidth not 0 or 500-2500",
        BadDutyCycle => "dutycycle outside set range",
        BadWatchdogTimeout => "timeout not 0-60000",
        BadDutyRange => "range not 25-40000",
        NoHandle => "no handle available",
        BadHandle => "unknown handle",
        NotPermitted => "GPIO operation not permitted",
        SomePermitted => "one or more GPIO not permitted",
        BadScript => "invalid script",
        BadScriptId => "unknown script id",
        BadScriptCmd => "illegal script command",
        NoScriptRoom => "no more room for scripts",
        TooManyParam => "too many script parameters (> 10)",
        ScriptNotReady => "script initialising",
        BadTag => "script has unresolved tag",
        UnknownCommand => "unknown command",
        NotPwmGpio => "GPIO is not in use for PWM",
        NotServoGpio => "GPIO is not in use for servo pulses",
        BadFilter => "bad filter parameter",
        _ => "pigpio error",
    };
}
