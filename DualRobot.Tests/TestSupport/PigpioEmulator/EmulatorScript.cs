using static DualRobot.TestSupport.PigpioEmulator.EmulatorCommands;

namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>
/// One stored script and its virtual machine (the manual's "Virtual machine": a 32-bit accumulator A, a flags register
/// F, a program counter, 10 parameters, 150 variables, a stack for CALL/RET and PUSH/POP). Not thread-safe: the owner
/// (<see cref="EmulatorScripts"/>) steps it under its lock, one instruction at a time, so a client's PROCU lands
/// between two instructions exactly as it would in the daemon.
/// </summary>
internal sealed class EmulatorScript(int id, string text, ScriptInstruction[] program)
{
    private const int StackDepth = 256;

    private readonly Stack<int> _stack = new();
    private int _a;
    private int _f;
    private int _pc;

    public int Id { get; } = id;

    public string Text { get; } = text;

    public int[] Parameters { get; } = new int[ScriptParams];

    public int[] Variables { get; } = new int[ScriptVariables];

    public int Status { get; set; } = ScriptHalted;

    /// <summary>PROCR attempts still to be answered "script initialising" (a test's knob for the daemon's start-up race).</summary>
    public int InitialisingRuns { get; set; }

    /// <summary>The runner while the script runs; cancelled by PROCS, PROCD and a daemon restart.</summary>
    public CancellationTokenSource? Running { get; set; }

    /// <summary>MILS and MICS delay the script began since its parameters were last set (PROCR or PROCU).</summary>
    public TimeSpan DelaySinceUpdate { get; set; }

    /// <summary>Back to the first instruction with an empty accumulator, flags and stack (variables are kept).</summary>
    public void Reset()
    {
        _a = 0;
        _f = 0;
        _pc = 0;
        _stack.Clear();
    }

    /// <summary>
    /// Executes one instruction. Returns the delay it asks for (zero for none), or null when the script ended: halted,
    /// or failed with <see cref="Status"/> set. <paramref name="pigpio"/> runs a pigpio command and returns its result.
    /// </summary>
    public TimeSpan? Step(Func<uint, uint, uint, int> pigpio)
    {
        if (_pc >= program.Length)
        {
            Status = ScriptHalted;
            return null;
        }

        var instruction = program[_pc++];
        var ops = instruction.Operands;
        switch (instruction.Op)
        {
            case ScriptOp.Add: SetA(_a + Value(ops[0])); break;
            case ScriptOp.And: SetA(_a & Value(ops[0])); break;
            case ScriptOp.Or: SetA(_a | Value(ops[0])); break;
            case ScriptOp.Xor: SetA(_a ^ Value(ops[0])); break;
            case ScriptOp.Sub: SetA(_a - Value(ops[0])); break;
            case ScriptOp.Mlt: SetA(_a * Value(ops[0])); break;
            case ScriptOp.Div or ScriptOp.Mod:
                var divisor = Value(ops[0]);
                if (divisor == 0)
                {
                    return Fail();
                }

                SetA(instruction.Op == ScriptOp.Div ? _a / divisor : _a % divisor);
                break;
            case ScriptOp.Cmp: _f = _a - Value(ops[0]); break;
            case ScriptOp.Dcr: _f = --Register(ops[0]); break;
            case ScriptOp.Inr: _f = ++Register(ops[0]); break;
            case ScriptOp.Dcra: SetA(_a - 1); break;
            case ScriptOp.Inra: SetA(_a + 1); break;
            case ScriptOp.Rl: _f = Register(ops[0]) <<= Value(ops[1]); break;
            case ScriptOp.Rr: _f = Register(ops[0]) >>= Value(ops[1]); break;
            case ScriptOp.Rla: SetA(_a << Value(ops[0])); break;
            case ScriptOp.Rra: SetA(_a >> Value(ops[0])); break;
            case ScriptOp.Ld: Register(ops[0]) = Value(ops[1]); break;
            case ScriptOp.Lda: _a = Value(ops[0]); break;
            case ScriptOp.Sta: Register(ops[0]) = _a; break;
            case ScriptOp.X: (Register(ops[0]), Register(ops[1])) = (Register(ops[1]), Register(ops[0])); break;
            case ScriptOp.Xa: (_a, Register(ops[0])) = (Register(ops[0]), _a); break;
            case ScriptOp.Jmp: _pc = ops[0].Value; break;
            case ScriptOp.Jz: JumpIf(_f == 0, ops[0]); break;
            case ScriptOp.Jnz: JumpIf(_f != 0, ops[0]); break;
            case ScriptOp.Jp: JumpIf(_f >= 0, ops[0]); break;
            case ScriptOp.Jm: JumpIf(_f < 0, ops[0]); break;
            case ScriptOp.Call or ScriptOp.Push or ScriptOp.Pusha:
                if (_stack.Count == StackDepth)
                {
                    return Fail();
                }

                _stack.Push(instruction.Op switch { ScriptOp.Call => _pc, ScriptOp.Push => Register(ops[0]), _ => _a });
                if (instruction.Op == ScriptOp.Call)
                {
                    _pc = ops[0].Value;
                }

                break;
            case ScriptOp.Ret or ScriptOp.Pop or ScriptOp.Popa:
                if (!_stack.TryPop(out var popped))
                {
                    return Fail();
                }

                switch (instruction.Op)
                {
                    case ScriptOp.Ret: _pc = popped; break;
                    case ScriptOp.Pop: Register(ops[0]) = popped; break;
                    default: _a = popped; break;
                }

                break;
            case ScriptOp.Halt:
                Status = ScriptHalted;
                return null;
            case ScriptOp.Mils or ScriptOp.Mics:
                var amount = Value(ops[0]);
                var mils = instruction.Op == ScriptOp.Mils;
                if (amount < 0 || amount > (mils ? 60_000 : 1_000_000))
                {
                    return Fail();
                }

                return mils ? TimeSpan.FromMilliseconds(amount) : TimeSpan.FromMicroseconds(amount);
            case ScriptOp.Pigpio:
                var result = pigpio(
                    instruction.Command,
                    ops.Length > 0 ? (uint)Value(ops[0]) : 0,
                    ops.Length > 1 ? (uint)Value(ops[1]) : 0);
                if (result < 0)
                {
                    // A command that fails inside a script fails the script: nothing after it can be trusted.
                    return Fail();
                }

                SetA(result);
                break;
        }

        return TimeSpan.Zero;
    }

    private TimeSpan? Fail()
    {
        Status = ScriptFailed;
        return null;
    }

    private void SetA(int value)
    {
        _a = value;
        _f = value;
    }

    private void JumpIf(bool condition, ScriptOperand target)
    {
        if (condition)
        {
            _pc = target.Value;
        }
    }

    private int Value(ScriptOperand operand) => operand.Kind switch
    {
        OperandKind.Parameter => Parameters[operand.Value],
        OperandKind.Variable => Variables[operand.Value],
        _ => operand.Value,
    };

    private ref int Register(ScriptOperand operand) =>
        ref operand.Kind == OperandKind.Parameter ? ref Parameters[operand.Value] : ref Variables[operand.Value];
}
