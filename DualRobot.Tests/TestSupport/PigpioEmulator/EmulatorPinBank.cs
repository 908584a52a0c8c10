using System.Diagnostics;
using static DualRobot.TestSupport.PigpioEmulator.EmulatorCommands;

namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>
/// The daemon's pin state and command semantics (pigpio 1.78): the part of the emulator that decides each reply.
/// Thread-safe; level changes are reported after the lock is released.
/// </summary>
internal sealed class EmulatorPinBank
{
    public const int GpioCount = 54;

    private enum Function
    {
        None,
        Pwm,
        Servo,
    }

    private sealed class Pin
    {
        public int Mode;
        public int Level;
        public int Pull;
        public Function Function;
        public int FrequencyIndex = DefaultFrequencyIndex;
        public int Range = DefaultRange;
        public int Duty;
        public int PulseWidth;
    }

    private readonly Lock _gate = new();
    private readonly Pin[] _pins = new Pin[GpioCount];
    private readonly int?[] _notifyOwners = new int?[32];
    private readonly long _started = Stopwatch.GetTimestamp();

    public EmulatorPinBank() => Reset(out _);

    /// <summary>Everything back to power-on: inputs, low, no pulls, no PWM, no notification handles.</summary>
    public void Reset(out List<(int Pin, int Level)> changes)
    {
        changes = [];
        lock (_gate)
        {
            for (var i = 0; i < GpioCount; i++)
            {
                if (_pins[i] is { Level: 1 })
                {
                    changes.Add((i, 0));
                }

                _pins[i] = new Pin();
            }

            Array.Clear(_notifyOwners);
        }
    }

    public int GetLevel(int pin)
    {
        lock (_gate)
        {
            return _pins[pin].Level;
        }
    }

    public int GetMode(int pin)
    {
        lock (_gate)
        {
            return _pins[pin].Mode;
        }
    }

    public double GetDutyCycle(int pin)
    {
        lock (_gate)
        {
            var p = _pins[pin];
            return p.Function == Function.Pwm ? (double)p.Duty / p.Range : 0;
        }
    }

    public int GetServoPulseWidth(int pin)
    {
        lock (_gate)
        {
            var p = _pins[pin];
            return p.Function == Function.Servo ? p.PulseWidth : 0;
        }
    }

    public int GetFrequency(int pin)
    {
        lock (_gate)
        {
            return Frequencies[_pins[pin].FrequencyIndex];
        }
    }

    public int GetRange(int pin)
    {
        lock (_gate)
        {
            return _pins[pin].Range;
        }
    }

    /// <summary>A connection went away: the daemon frees its notification handles, and nothing else.</summary>
    public void ReleaseConnection(int connectionId)
    {
        lock (_gate)
        {
            for (var i = 0; i < _notifyOwners.Length; i++)
            {
                if (_notifyOwners[i] == connectionId)
                {
                    _notifyOwners[i] = null;
                }
            }
        }
    }

    public int Execute(int connectionId, uint cmd, uint p1, uint p2, List<(int Pin, int Level)> changes)
    {
        lock (_gate)
        {
            return cmd switch
            {
                Modes => SetMode(p1, p2, changes),
                Modeg => p1 < GpioCount ? _pins[p1].Mode : BadGpio,
                Pud => SetPull(p1, p2, changes),
                Read => p1 < GpioCount ? _pins[p1].Level : BadGpio,
                Write => WriteLevel(p1, p2, changes),
                Pwm => SetDuty(p1, p2, changes),
                Prs => SetRange(p1, p2),
                Pfs => SetFrequency(p1, p2),
                Servo => SetServo(p1, p2, changes),
                Wdog => p1 >= 32 ? BadUserGpio : p2 > 60000 ? BadWatchdogTimeout : 0,
                Br1 => (int)Bank(),
                Bc1 => WriteBank(p1, 0, changes),
                Bs1 => WriteBank(p1, 1, changes),
                Tick => unchecked((int)(uint)(Stopwatch.GetElapsedTime(_started).Ticks / 10)),
                Hwver => HardwareRevision,
                Nb => p1 < 32 && _notifyOwners[p1] is not null ? 0 : BadHandle,
                Nc => CloseHandle(p1),
                Prg => p1 < 32 ? _pins[p1].Range : BadUserGpio,
                Pfg => p1 < 32 ? Frequencies[_pins[p1].FrequencyIndex] : BadUserGpio,
                Prrg => p1 < 32 ? RealRanges[_pins[p1].FrequencyIndex] : BadUserGpio,
                Pigpv => PigpioVersion,
                Gdc => p1 >= 32 ? BadUserGpio : _pins[p1].Function == Function.Pwm ? _pins[p1].Duty : NotPwmGpio,
                Gpw => p1 >= 32 ? BadUserGpio : _pins[p1].Function == Function.Servo ? _pins[p1].PulseWidth : NotServoGpio,
                Fg => p1 >= 32 ? BadUserGpio : p2 > 300000 ? BadFilter : 0,
                Noib => OpenHandle(connectionId),
                _ => UnknownCommand,
            };
        }
    }

    private int SetMode(uint gpio, uint mode, List<(int, int)> changes)
    {
        if (gpio >= GpioCount)
        {
            return BadGpio;
        }

        if (mode > 7)
        {
            return BadMode;
        }

        var p = _pins[gpio];

        // pigpio ends PWM/servo only when the mode really changes (MODES n 1 on a PWM pin keeps it running).
        if (p.Mode != (int)mode)
        {
            p.Function = Function.None;
            p.Mode = (int)mode;
            if (mode == 0)
            {
                SetLevel((int)gpio, p.Pull == 2 ? 1 : 0, changes);
            }
        }

        return 0;
    }

    private int SetPull(uint gpio, uint pud, List<(int, int)> changes)
    {
        if (gpio >= GpioCount)
        {
            return BadGpio;
        }

        if (pud > 2)
        {
            return BadPud;
        }

        var p = _pins[gpio];
        p.Pull = (int)pud;
        if (p.Mode == 0 && pud != 0)
        {
            // An unconnected input follows its pull.
            SetLevel((int)gpio, pud == 2 ? 1 : 0, changes);
        }

        return 0;
    }

    private int WriteLevel(uint gpio, uint level, List<(int, int)> changes)
    {
        if (gpio >= GpioCount)
        {
            return BadGpio;
        }

        if (level > 1)
        {
            return BadLevel;
        }

        var p = _pins[gpio];
        p.Function = Function.None;
        p.Mode = 1;
        SetLevel((int)gpio, (int)level, changes);
        return 0;
    }

    private int SetDuty(uint gpio, uint duty, List<(int, int)> changes)
    {
        if (gpio >= 32)
        {
            return BadUserGpio;
        }

        var p = _pins[gpio];
        if (duty > p.Range)
        {
            return BadDutyCycle;
        }

        p.Mode = 1;
        p.Function = Function.Pwm;
        p.Duty = (int)duty;

        // Only the steady states have a level; a toggling pin keeps whatever was last seen.
        if (duty == 0)
        {
            SetLevel((int)gpio, 0, changes);
        }
        else if (duty == p.Range)
        {
            SetLevel((int)gpio, 1, changes);
        }

        return 0;
    }

    private int SetRange(uint gpio, uint range)
    {
        if (gpio >= 32)
        {
            return BadUserGpio;
        }

        if (range is < 25 or > 40000)
        {
            return BadDutyRange;
        }

        var p = _pins[gpio];

        // pigpio keeps the duty as a fraction of the range when the range changes.
        if (p.Function == Function.Pwm)
        {
            p.Duty = (int)((long)p.Duty * range / p.Range);
        }

        p.Range = (int)range;
        return RealRanges[p.FrequencyIndex];
    }

    private int SetFrequency(uint gpio, uint frequency)
    {
        if (gpio >= 32)
        {
            return BadUserGpio;
        }

        var best = 0;
        for (var i = 1; i < Frequencies.Length; i++)
        {
            if (Math.Abs(Frequencies[i] - (long)frequency) < Math.Abs(Frequencies[best] - (long)frequency))
            {
                best = i;
            }
        }

        _pins[gpio].FrequencyIndex = best;
        return Frequencies[best];
    }

    private int SetServo(uint gpio, uint pulseWidth, List<(int, int)> changes)
    {
        if (gpio >= 32)
        {
            return BadUserGpio;
        }

        if (pulseWidth != 0 && pulseWidth is < 500 or > 2500)
        {
            return BadPulseWidth;
        }

        var p = _pins[gpio];
        p.Mode = 1;
        if (pulseWidth == 0)
        {
            p.Function = Function.None;
            p.PulseWidth = 0;
            SetLevel((int)gpio, 0, changes);
        }
        else
        {
            p.Function = Function.Servo;
            p.PulseWidth = (int)pulseWidth;
        }

        return 0;
    }

    private uint Bank()
    {
        uint levels = 0;
        for (var i = 0; i < 32; i++)
        {
            levels |= (uint)_pins[i].Level << i;
        }

        return levels;
    }

    private int WriteBank(uint mask, int level, List<(int, int)> changes)
    {
        // Raw GPSET/GPCLR: no mode change, PWM not stopped; only outputs show the latched level.
        var permitted = mask & PermittedMask;
        for (var i = 0; i < 32; i++)
        {
            if ((permitted & (1u << i)) != 0 && _pins[i].Mode == 1)
            {
                SetLevel(i, level, changes);
            }
        }

        return permitted == mask ? 0 : SomePermitted;
    }

    private int OpenHandle(int connectionId)
    {
        for (var i = 0; i < _notifyOwners.Length; i++)
        {
            if (_notifyOwners[i] is null)
            {
                _notifyOwners[i] = connectionId;
                return i;
            }
        }

        return NoHandle;
    }

    private int CloseHandle(uint handle)
    {
        if (handle >= 32 || _notifyOwners[handle] is null)
        {
            return BadHandle;
        }

        _notifyOwners[handle] = null;
        return 0;
    }

    private void SetLevel(int pin, int level, List<(int, int)> changes)
    {
        if (_pins[pin].Level != level)
        {
            _pins[pin].Level = level;
            changes.Add((pin, level));
        }
    }
}
