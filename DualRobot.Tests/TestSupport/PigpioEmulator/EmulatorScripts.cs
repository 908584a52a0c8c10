using System.Buffers.Binary;
using System.Text;
using static DualRobot.TestSupport.PigpioEmulator.EmulatorCommands;

namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>
/// The daemon's stored scripts: PROC, PROCR, PROCU, PROCP, PROCS, PROCD and PARSE, and a runner per running script that
/// steps its machine one instruction at a time under this table's lock and sleeps its MILS/MICS outside it. A script's
/// pin commands go through the same pin bank as a client's and are reported to <paramref name="executed"/>.
/// </summary>
internal sealed class EmulatorScripts(EmulatorPinBank pins, Action<PigpioEmulatorScriptCommand, List<(int Pin, int Level)>> executed)
{
    // A script that never delays still lets others run now and then.
    private const int StepsBetweenYields = 1000;

    private readonly Lock _gate = new();
    private readonly EmulatorScript?[] _scripts = new EmulatorScript?[MaxScripts];
    private int _initialisingRuns;

    /// <summary>How many PROCR attempts on each newly stored script are answered "script initialising" (−62).</summary>
    public int InitialisingRuns
    {
        get => Volatile.Read(ref _initialisingRuns);
        set => Volatile.Write(ref _initialisingRuns, value);
    }

    public static bool IsScriptCommand(uint command) => command is Proc or Procd or Procr or Procs or Procp or Parse or Procu;

    /// <summary>Runs one script command; <paramref name="reply"/> is the extension after the reply (PROCP's status and parameters).</summary>
    public int Execute(uint command, uint p1, ReadOnlySpan<byte> extension, out byte[]? reply)
    {
        reply = null;
        switch (command)
        {
            case Parse:
                return ScriptParser.TryParse(Encoding.ASCII.GetString(extension), out _);
            case Proc:
                return Store(Encoding.ASCII.GetString(extension));
        }

        lock (_gate)
        {
            if (p1 >= MaxScripts || _scripts[p1] is not { } script)
            {
                return BadScriptId;
            }

            switch (command)
            {
                case Procr or Procu:
                    if (extension.Length > 4 * ScriptParams)
                    {
                        return TooManyParam;
                    }

                    if (command == Procr && script.InitialisingRuns > 0)
                    {
                        script.InitialisingRuns--;
                        return ScriptNotReady;
                    }

                    // Only the parameters given are overwritten; the rest keep their values.
                    for (var i = 0; i < extension.Length / 4; i++)
                    {
                        script.Parameters[i] = BinaryPrimitives.ReadInt32LittleEndian(extension[(i * 4)..]);
                    }

                    script.DelaySinceUpdate = TimeSpan.Zero;
                    if (command == Procr && script.Running is null)
                    {
                        Start(script);
                    }

                    return 0;
                case Procp:
                    reply = new byte[4 * (1 + ScriptParams)];
                    BinaryPrimitives.WriteInt32LittleEndian(reply, script.InitialisingRuns > 0 ? ScriptIniting : script.Status);
                    for (var i = 0; i < ScriptParams; i++)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(4 * (i + 1)), script.Parameters[i]);
                    }

                    return reply.Length;
                case Procs:
                    StopRunner(script);
                    return 0;
                default:
                    StopRunner(script);
                    _scripts[p1] = null;
                    return 0;
            }
        }
    }

    /// <summary>Every stored script as it is now.</summary>
    public IReadOnlyList<PigpioEmulatorScript> Snapshot()
    {
        lock (_gate)
        {
            return [.. _scripts.OfType<EmulatorScript>().Select(s => new PigpioEmulatorScript(
                s.Id, s.Text, s.Status, [.. s.Parameters], s.DelaySinceUpdate))];
        }
    }

    /// <summary>A daemon restart: every script stopped and forgotten.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            for (var i = 0; i < _scripts.Length; i++)
            {
                if (_scripts[i] is { } script)
                {
                    StopRunner(script);
                    _scripts[i] = null;
                }
            }
        }
    }

    private int Store(string text)
    {
        var error = ScriptParser.TryParse(text, out var program);
        if (error != 0)
        {
            return error;
        }

        lock (_gate)
        {
            var id = Array.IndexOf(_scripts, null);
            if (id < 0)
            {
                return NoScriptRoom;
            }

            _scripts[id] = new EmulatorScript(id, text, program) { InitialisingRuns = InitialisingRuns };
            return id;
        }
    }

    private static void StopRunner(EmulatorScript script)
    {
        script.Running?.Cancel();
        script.Running = null;
        if (script.Status is ScriptRunning or ScriptWaiting)
        {
            script.Status = ScriptHalted;
        }
    }

    private void Start(EmulatorScript script)
    {
        script.Reset();
        script.Status = ScriptRunning;
        var running = new CancellationTokenSource();
        script.Running = running;
        _ = Task.Run(() => RunAsync(script, running.Token), CancellationToken.None);
    }

    private async Task RunAsync(EmulatorScript script, CancellationToken stopped)
    {
        var steps = 0;
        while (true)
        {
            TimeSpan? delay;
            var changes = new List<(int Pin, int Level)>();
            var commands = new List<PigpioEmulatorScriptCommand>();
            lock (_gate)
            {
                if (stopped.IsCancellationRequested)
                {
                    return;
                }

                script.Status = ScriptRunning;
                delay = script.Step((command, p1, p2) =>
                {
                    var result = pins.Execute(-1, command, p1, p2, changes);
                    commands.Add(new PigpioEmulatorScriptCommand(script.Id, command, p1, p2, result, script.DelaySinceUpdate));
                    return result;
                });

                if (delay is null)
                {
                    script.Running = null;
                }
                else if (delay > TimeSpan.Zero)
                {
                    script.Status = ScriptWaiting;
                    script.DelaySinceUpdate += delay.Value;
                }
            }

            foreach (var command in commands)
            {
                executed(command, changes);
            }

            if (delay is null)
            {
                return;
            }

            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay.Value, stopped).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            else if (++steps % StepsBetweenYields == 0)
            {
                await Task.Yield();
            }
        }
    }
}
