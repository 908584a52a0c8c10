namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>pigpiod socket command numbers (the first <c>uint32</c> of every request and reply).</summary>
public enum PigpioCommand : uint
{
    /// <summary>Set a GPIO's mode (p1 gpio, p2 mode).</summary>
    Modes = 0,

    /// <summary>Get a GPIO's mode.</summary>
    Modeg = 1,

    /// <summary>Set the pull-up/down (p2: 0 off, 1 down, 2 up).</summary>
    Pud = 2,

    /// <summary>Read a level.</summary>
    Read = 3,

    /// <summary>Write a level; forces output and ends PWM/servo on that pin.</summary>
    Write = 4,

    /// <summary>Start PWM with a duty cycle on the user range.</summary>
    Pwm = 5,

    /// <summary>Set the PWM user range; replies with the real range.</summary>
    Prs = 6,

    /// <summary>Set the PWM frequency; replies with the closest available frequency.</summary>
    Pfs = 7,

    /// <summary>Servo pulses (0 off, 500–2500 µs).</summary>
    Servo = 8,

    /// <summary>Watchdog for callbacks.</summary>
    Wdog = 9,

    /// <summary>Read the levels of GPIO 0–31 as a bitmask.</summary>
    Br1 = 10,

    /// <summary>Clear (drive low) every GPIO 0–31 in the bitmask.</summary>
    Bc1 = 12,

    /// <summary>Set (drive high) every GPIO 0–31 in the bitmask.</summary>
    Bs1 = 14,

    /// <summary>The daemon's microsecond tick.</summary>
    Tick = 16,

    /// <summary>Board revision.</summary>
    Hwver = 17,

    /// <summary>Begin notifications on a handle.</summary>
    Nb = 19,

    /// <summary>Close a notification handle.</summary>
    Nc = 21,

    /// <summary>Get the PWM user range.</summary>
    Prg = 22,

    /// <summary>Get the PWM frequency.</summary>
    Pfg = 23,

    /// <summary>Get the PWM real range.</summary>
    Prrg = 24,

    /// <summary>pigpio version.</summary>
    Pigpv = 26,

    /// <summary>Store a script (its text is the request's extension); replies with the script id.</summary>
    Proc = 38,

    /// <summary>Delete a stored script.</summary>
    Procd = 39,

    /// <summary>Run a stored script; the extension holds up to 10 <c>uint32</c> parameters.</summary>
    Procr = 40,

    /// <summary>Stop a running script.</summary>
    Procs = 41,

    /// <summary>A script's status and its 10 parameters: the reply's result is their byte count (44), and they follow it.</summary>
    Procp = 45,

    /// <summary>Set the first parameters of a stored script, running or not; the extension holds up to 10 <c>uint32</c>.</summary>
    Procu = 117,

    /// <summary>Get the PWM duty cycle (user range); fails with −92 when the pin is not in PWM mode.</summary>
    Gdc = 83,

    /// <summary>Get the servo pulse width; fails with −93 when the pin is not in servo mode.</summary>
    Gpw = 84,

    /// <summary>Glitch filter.</summary>
    Fg = 97,

    /// <summary>Open a notification handle on this socket.</summary>
    Noib = 99,
}
