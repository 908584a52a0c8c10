using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// The on-robot deadman: a script stored in and run by pigpiod that turns the motors off when no kick came for a
/// lease plus <see cref="PigpioOptions.WatchdogMarginMs"/>, whatever became of the api or the link. Every tick
/// (<see cref="TickMs"/>) it looks at its kick word p0; a new word reloads its countdown (v0) from the word's low 16
/// bits, and a countdown that reaches zero by counting writes every motor pin off and adds one to its fire count, p1.
/// A word with a count of zero leaves it idle, so a stop stands it down without firing. Only the api writes p0 and
/// only the script writes v0 and p1, so neither can lose the other's update. The api kicks with one PROCU in the same
/// write as the pins (<see cref="Kick"/>) and reads the status and fire count back in it (<see cref="Status"/>), so a
/// fire is learned by the next motion write, at no extra round trip.
/// </summary>
/// <remarks>
/// The script is marked as ours with <see cref="Marker"/> in p2 and the robot's motor pins (as a bitmask) in p3: after
/// a reconnect, or an api restart that forgot the old id, <see cref="Install"/> finds every script so marked, reads
/// how often it fired, stops and deletes it, and stores and starts a new one. The eye and the servos are never in it.
/// </remarks>
internal sealed class PigpioWatchdog
{
    /// <summary>How often the script checks its kick word and counts down, in milliseconds.</summary>
    public const int TickMs = 10;

    /// <summary>p2 of every watchdog script the api starts ("DRWD").</summary>
    public const uint Marker = 0x44525744;

    /// <summary>pigpiod keeps at most this many scripts (ids 0–31); <see cref="Install"/> looks at each.</summary>
    public const int MaxScripts = 32;

    private const int Running = 2;
    private const int Waiting = 3;

    // A new script's thread may not be ready at once (PROCR answers "initialising"); it is asked again this often.
    private const int RunAttempts = 50;

    private readonly TimeSpan _margin;
    private int _sequence;
    private int _fires;
    private int _id = -1;

    // The script of the last connection, whose fires up to _fires this process has already reported.
    private int _previousId = -1;

    public PigpioWatchdog(MotorPins motors, TimeSpan margin)
    {
        ArgumentNullException.ThrowIfNull(motors);
        ArgumentOutOfRangeException.ThrowIfLessThan(margin, TimeSpan.Zero);
        foreach (var pin in motors.Direction.Concat(motors.Enable))
        {
            ArgumentOutOfRangeException.ThrowIfNegative(pin, nameof(motors));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pin, PigpioGpioDriver.BankPinCount, nameof(motors));
            Owner |= 1u << pin;
        }

        _margin = margin;
        Script = ScriptFor(motors);
    }

    /// <summary>The script's text (pigpio's script language).</summary>
    public string Script { get; }

    /// <summary>The robot's motor pins as a bitmask: p3 of its script, so two robots on one daemon keep their own.</summary>
    public uint Owner { get; }

    /// <summary>The script's id while it is stored and running on the current connection; null otherwise.</summary>
    public int? Id => Volatile.Read(ref _id) is var id and >= 0 ? id : null;

    /// <summary>Whether the script is stored and running on the current connection.</summary>
    public bool IsArmed => Id is not null;

    /// <summary>PROCU to script <paramref name="id"/>: the countdown restarts at the lease plus the margin, in ticks (rounded up).</summary>
    public PigpioRequest Kick(int id, TimeSpan lease)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var ticks = (uint)Math.Clamp(Math.Ceiling((lease + _margin).TotalMilliseconds / TickMs), 1, ushort.MaxValue);
        return Update(id, ticks);
    }

    /// <summary>PROCU: the countdown stops without firing (sent after a stop's pins, never before them).</summary>
    public PigpioRequest StandDown(int id) => Update(id, 0);

    /// <summary>PROCP: the script's status and parameters, read back in the same write.</summary>
    public static PigpioRequest Status(int id) => new(PigpioCommand.Procp, (uint)id, 0);

    /// <summary>
    /// Reads a <see cref="Status"/> reply: how many times the script fired since it was last read, or null when it is
    /// not running any more (stopped or deleted from outside, or failed).
    /// </summary>
    public int? Observe(ReadOnlySpan<byte> status)
    {
        if (BinaryPrimitives.ReadInt32LittleEndian(status) is not (Running or Waiting))
        {
            return null;
        }

        var fires = ReadParameter(status, 1);
        return fires - Interlocked.Exchange(ref _fires, fires);
    }

    /// <summary>Forgets the script's id: the connection is gone, and the next one replaces the script.</summary>
    public void Forget()
    {
        if (Interlocked.Exchange(ref _id, -1) is var id and >= 0)
        {
            Volatile.Write(ref _previousId, id);
        }
    }

    /// <summary>
    /// Replaces every watchdog script of these motor pins on the daemon (left by an earlier connection or api process)
    /// with a new, idle one, and returns how often the old ones fired that this process has not reported yet.
    /// </summary>
    /// <exception cref="GpioBackendUnavailableException">The link failed.</exception>
    /// <exception cref="PigpioException">The daemon refused to store or run the script.</exception>
    public int Install(PigpioConnection connection)
    {
        Forget();
        var (ours, fired) = FindOurs(connection);

        // Stop and delete the old ones and store the new one in one round trip.
        var requests = new List<PigpioRequest>(2 * ours.Count + 1);
        foreach (var id in ours)
        {
            requests.Add(new PigpioRequest(PigpioCommand.Procs, (uint)id, 0));
            requests.Add(new PigpioRequest(PigpioCommand.Procd, (uint)id, 0));
        }

        requests.Add(new PigpioRequest(PigpioCommand.Proc, 0, 0) { Extension = Encoding.ASCII.GetBytes(Script) });
        var results = new int[requests.Count];
        connection.Send(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(requests), results, []);
        var newId = results[^1];
        if (newId < 0)
        {
            throw new PigpioException(PigpioCommand.Proc, 0, 0, newId);
        }

        // Marked as ours before it runs, so a process that dies right here leaves a script the next one recognises.
        Interlocked.Exchange(ref _fires, 0);
        Volatile.Write(ref _sequence, 0);
        Span<int> marked = stackalloc int[2];
        connection.Send(
            [Parameters(newId, PigpioCommand.Procu, [Word(0, 0), 0, Marker, Owner]), new PigpioRequest(PigpioCommand.Procr, (uint)newId, 0)],
            marked,
            []);
        for (var attempt = 1; marked[1] == PigpioError.ScriptNotReady && attempt < RunAttempts; attempt++)
        {
            Thread.Sleep(TickMs);
            connection.Send([new PigpioRequest(PigpioCommand.Procr, (uint)newId, 0)], marked[1..], []);
        }

        foreach (var (result, command) in new[] { (marked[0], PigpioCommand.Procu), (marked[1], PigpioCommand.Procr) })
        {
            if (result < 0)
            {
                throw new PigpioException(command, (uint)newId, 0, result);
            }
        }

        Volatile.Write(ref _id, newId);
        return fired;
    }

    /// <summary>Stops and deletes the script (a clean shutdown); the robot is already stopped by then.</summary>
    public void Remove(PigpioConnection connection)
    {
        var id = Interlocked.Exchange(ref _id, -1);
        if (id >= 0)
        {
            Span<int> results = stackalloc int[2];
            connection.Send([new(PigpioCommand.Procs, (uint)id, 0), new(PigpioCommand.Procd, (uint)id, 0)], results, []);
        }
    }

    /// <summary>
    /// The script. It first loads the word PROCR left in p0 (idle), then once a tick: a new word reloads the countdown;
    /// an idle countdown waits; a running one counts down, and at zero, unless a kick came in the meantime, cuts the
    /// enable duties, writes every direction pin low and counts the fire.
    /// </summary>
    private static string ScriptFor(MotorPins motors)
    {
        var off = string.Join(' ', motors.Enable.Select(p => $"pwm {p} 0").Concat(motors.Direction.Select(p => $"w {p} 0")));
        return string.Create(CultureInfo.InvariantCulture,
            $"lda p0 sta v1 and 65535 sta v0 " +
            $"tag 1 mils {TickMs} lda p0 cmp v1 jnz 3 " +
            $"lda v0 cmp 0 jz 1 dcr v0 jnz 1 " +
            $"lda p0 cmp v1 jnz 3 " +
            $"{off} inr p1 jmp 1 " +
            $"tag 3 sta v1 and 65535 sta v0 jmp 1");
    }

    /// <summary>Every script on the daemon marked as this robot's watchdog (one PROCP per id, one round trip), and their fires.</summary>
    private (List<int> Ours, int Fired) FindOurs(PigpioConnection connection)
    {
        var requests = new PigpioRequest[MaxScripts];
        for (var id = 0; id < MaxScripts; id++)
        {
            requests[id] = new PigpioRequest(PigpioCommand.Procp, (uint)id, 0);
        }

        var results = new int[MaxScripts];
        var data = new byte[MaxScripts * PigpioFraming.ScriptStatusSize];
        connection.Send(requests, results, data);
        var ours = new List<int>();
        var fired = 0;
        for (var id = 0; id < MaxScripts; id++)
        {
            // Unknown ids answer -48 and carry no status.
            var status = data.AsSpan(id * PigpioFraming.ScriptStatusSize, PigpioFraming.ScriptStatusSize);
            if (results[id] > 0 && (uint)ReadParameter(status, 2) == Marker && (uint)ReadParameter(status, 3) == Owner)
            {
                ours.Add(id);
                fired += ReadParameter(status, 1) - (id == Volatile.Read(ref _previousId) ? Volatile.Read(ref _fires) : 0);
            }
        }

        return (ours, fired);
    }

    private PigpioRequest Update(int id, uint ticks)
    {
        var sequence = (uint)Interlocked.Increment(ref _sequence);
        return Parameters(id, PigpioCommand.Procu, [Word(sequence, ticks)]);
    }

    private static uint Word(uint sequence, uint ticks) => ((sequence & 0xFFFF) << 16) | ticks;

    private static PigpioRequest Parameters(int id, PigpioCommand command, ReadOnlySpan<uint> parameters)
    {
        var extension = new byte[parameters.Length * 4];
        for (var i = 0; i < parameters.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(extension.AsSpan(i * 4), parameters[i]);
        }

        return new PigpioRequest(command, (uint)id, 0) { Extension = extension };
    }

    private static int ReadParameter(ReadOnlySpan<byte> status, int index) =>
        BinaryPrimitives.ReadInt32LittleEndian(status[(4 * (index + 1))..]);
}
