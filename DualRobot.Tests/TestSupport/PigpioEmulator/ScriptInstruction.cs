namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>What one script instruction does: a virtual-machine operation, a delay, or a pigpio command.</summary>
internal enum ScriptOp
{
    Add,
    And,
    Call,
    Cmp,
    Dcr,
    Dcra,
    Div,
    Halt,
    Inr,
    Inra,
    Jm,
    Jmp,
    Jnz,
    Jp,
    Jz,
    Ld,
    Lda,
    Mlt,
    Mod,
    Or,
    Pop,
    Popa,
    Push,
    Pusha,
    Ret,
    Rl,
    Rla,
    Rr,
    Rra,
    Sta,
    Sub,
    X,
    Xa,
    Xor,
    Mils,
    Mics,

    /// <summary>A pigpio command (<see cref="ScriptInstruction.Command"/>) run as if a client had sent it.</summary>
    Pigpio,
}

/// <summary>Where an operand's value lives: in the text, in a parameter (p0–p9) or in a variable (v0–v149).</summary>
internal enum OperandKind
{
    Constant,
    Parameter,
    Variable,
}

/// <summary>One operand; for jumps and calls a constant holding the target instruction's index.</summary>
internal readonly record struct ScriptOperand(OperandKind Kind, int Value);

/// <summary>One parsed instruction (TAG leaves none: it names the index of the next one).</summary>
internal sealed record ScriptInstruction(ScriptOp Op, ScriptOperand[] Operands, uint Command = 0);
