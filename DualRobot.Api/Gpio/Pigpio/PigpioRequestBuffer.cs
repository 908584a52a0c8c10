using System.Runtime.CompilerServices;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// Room for the requests of one motion on the stack (a request holds its extension, so it cannot be stackalloc'ed):
/// the watchdog's kick, BC1, two duties, BS1 and the watchdog's status, with room to spare.
/// </summary>
[InlineArray(Capacity)]
internal struct PigpioRequestBuffer
{
    public const int Capacity = 8;

    private PigpioRequest _first;
}
