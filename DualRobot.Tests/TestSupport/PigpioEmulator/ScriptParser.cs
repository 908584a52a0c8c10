using System.Globalization;
using static DualRobot.TestSupport.PigpioEmulator.EmulatorCommands;

namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>
/// Turns a script's text into instructions, as the SCRIPTS section of pigpio's <c>pigs</c> manual describes the language:
/// whitespace-separated commands, numbers in decimal, hex (<c>0x</c>) or octal (leading 0), <c>x</c> operands that are
/// constants, parameters (p0–p9) or variables (v0–v149), <c>y</c> operands that are a parameter or a variable (a bare
/// number is a variable), and <c>TAG</c> labels resolved after the whole text is read. Fails with pigpio's codes:
/// an unknown word is a bad script, a command not permitted in scripts (or not emulated here) an illegal script command.
/// </summary>
internal static class ScriptParser
{
    // Operand patterns: x value, y register, L label, m mode letter, u pull letter.
    private static readonly Dictionary<string, (ScriptOp Op, string Operands, uint Command)> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ADD"] = (ScriptOp.Add, "x", 0), ["AND"] = (ScriptOp.And, "x", 0), ["CALL"] = (ScriptOp.Call, "L", 0),
        ["CMP"] = (ScriptOp.Cmp, "x", 0), ["DCR"] = (ScriptOp.Dcr, "y", 0), ["DCRA"] = (ScriptOp.Dcra, "", 0),
        ["DIV"] = (ScriptOp.Div, "x", 0), ["HALT"] = (ScriptOp.Halt, "", 0), ["INR"] = (ScriptOp.Inr, "y", 0),
        ["INRA"] = (ScriptOp.Inra, "", 0), ["JM"] = (ScriptOp.Jm, "L", 0), ["JMP"] = (ScriptOp.Jmp, "L", 0),
        ["JNZ"] = (ScriptOp.Jnz, "L", 0), ["JP"] = (ScriptOp.Jp, "L", 0), ["JZ"] = (ScriptOp.Jz, "L", 0),
        ["LD"] = (ScriptOp.Ld, "yx", 0), ["LDA"] = (ScriptOp.Lda, "x", 0), ["MLT"] = (ScriptOp.Mlt, "x", 0),
        ["MOD"] = (ScriptOp.Mod, "x", 0), ["OR"] = (ScriptOp.Or, "x", 0), ["POP"] = (ScriptOp.Pop, "y", 0),
        ["POPA"] = (ScriptOp.Popa, "", 0), ["PUSH"] = (ScriptOp.Push, "y", 0), ["PUSHA"] = (ScriptOp.Pusha, "", 0),
        ["RET"] = (ScriptOp.Ret, "", 0), ["RL"] = (ScriptOp.Rl, "yx", 0), ["RLA"] = (ScriptOp.Rla, "x", 0),
        ["RR"] = (ScriptOp.Rr, "yx", 0), ["RRA"] = (ScriptOp.Rra, "x", 0), ["STA"] = (ScriptOp.Sta, "y", 0),
        ["SUB"] = (ScriptOp.Sub, "x", 0), ["X"] = (ScriptOp.X, "yy", 0), ["XA"] = (ScriptOp.Xa, "y", 0),
        ["XOR"] = (ScriptOp.Xor, "x", 0), ["MILS"] = (ScriptOp.Mils, "x", 0), ["MICS"] = (ScriptOp.Mics, "x", 0),
        ["M"] = (ScriptOp.Pigpio, "xm", Modes), ["MODES"] = (ScriptOp.Pigpio, "xm", Modes),
        ["MG"] = (ScriptOp.Pigpio, "x", Modeg), ["MODEG"] = (ScriptOp.Pigpio, "x", Modeg),
        ["PUD"] = (ScriptOp.Pigpio, "xu", Pud), ["R"] = (ScriptOp.Pigpio, "x", Read), ["READ"] = (ScriptOp.Pigpio, "x", Read),
        ["W"] = (ScriptOp.Pigpio, "xx", Write), ["WRITE"] = (ScriptOp.Pigpio, "xx", Write),
        ["P"] = (ScriptOp.Pigpio, "xx", Pwm), ["PWM"] = (ScriptOp.Pigpio, "xx", Pwm),
        ["PRS"] = (ScriptOp.Pigpio, "xx", Prs), ["PFS"] = (ScriptOp.Pigpio, "xx", Pfs),
        ["S"] = (ScriptOp.Pigpio, "xx", Servo), ["SERVO"] = (ScriptOp.Pigpio, "xx", Servo),
        ["WDOG"] = (ScriptOp.Pigpio, "xx", Wdog), ["BR1"] = (ScriptOp.Pigpio, "", Br1),
        ["BC1"] = (ScriptOp.Pigpio, "x", Bc1), ["BS1"] = (ScriptOp.Pigpio, "x", Bs1),
        ["T"] = (ScriptOp.Pigpio, "", Tick), ["TICK"] = (ScriptOp.Pigpio, "", Tick), ["HWVER"] = (ScriptOp.Pigpio, "", Hwver),
        ["PRG"] = (ScriptOp.Pigpio, "x", Prg), ["PFG"] = (ScriptOp.Pigpio, "x", Pfg), ["PRRG"] = (ScriptOp.Pigpio, "x", Prrg),
        ["PIGPV"] = (ScriptOp.Pigpio, "", Pigpv), ["GDC"] = (ScriptOp.Pigpio, "x", Gdc), ["GPW"] = (ScriptOp.Pigpio, "x", Gpw),
        ["FG"] = (ScriptOp.Pigpio, "xx", Fg),
    };

    /// <summary>The manual's list of commands that are not permitted within a script.</summary>
    private static readonly HashSet<string> NotPermitted = new(StringComparer.OrdinalIgnoreCase)
    {
        "FL", "FO", "FR", "FW", "BI2CZ", "I2CPK", "I2CRD", "I2CRI", "I2CRK", "I2CWD", "I2CWI", "I2CWK", "I2CZ",
        "BSCX", "CF1", "CF2", "SHELL", "PARSE", "PROC", "PROCD", "PROCP", "PROCR", "PROCS", "PROCU",
        "SERO", "SERR", "SERW", "SLR", "BSPIO", "BSPIX", "SPIR", "SPIW", "SPIX", "WVAG", "WVAS", "WVCHA", "WVGO", "WVGOR",
    };

    /// <summary>Permitted in pigpio's scripts but not emulated: refused like an illegal command rather than faked.</summary>
    private static readonly HashSet<string> NotEmulated = new(StringComparer.OrdinalIgnoreCase)
    {
        "EVTWT", "SYS", "WAIT", "TRIG", "BR2", "BC2", "BS2", "NO", "NC", "NB", "NP", "HC", "HP", "FN", "PADS", "PADG",
        "EVM", "EVT", "I2CO", "I2CC", "I2CWQ", "I2CRS", "I2CWS", "I2CRB", "I2CWB", "I2CRW", "I2CWW", "I2CPC", "BI2CO",
        "BI2CC", "SERC", "SERRB", "SERWB", "SERDA", "SLRO", "SLRC", "SLRI", "SPIO", "SPIC", "BSPIC", "FC", "FS", "WVCLR",
        "WVNEW", "WVCRE", "WVCAP", "WVDEL", "WVTX", "WVTXM", "WVTXR", "WVTAT", "WVBSY", "WVHLT", "WVSC", "WVSM", "WVSP",
        "H", "HELP",
    };

    private static readonly Dictionary<char, int> ModeLetters = new()
    {
        ['R'] = 0, ['W'] = 1, ['0'] = 4, ['1'] = 5, ['2'] = 6, ['3'] = 7, ['4'] = 3, ['5'] = 2,
    };

    private static readonly Dictionary<char, int> PullLetters = new() { ['O'] = 0, ['D'] = 1, ['U'] = 2 };

    /// <summary>The instructions of <paramref name="text"/>, or a negative pigpio error code.</summary>
    public static int TryParse(string text, out ScriptInstruction[] program)
    {
        program = [];
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return BadScript;
        }

        var instructions = new List<ScriptInstruction>();
        var tags = new Dictionary<int, int>();

        // Jump operands hold the label until every TAG is known.
        var pending = new List<(int Instruction, int Operand, int Label)>();
        var i = 0;
        while (i < tokens.Length)
        {
            var name = tokens[i++];
            if (name.Equals("TAG", StringComparison.OrdinalIgnoreCase))
            {
                if (i >= tokens.Length || !TryNumber(tokens[i++], out var label))
                {
                    return BadScript;
                }

                if (tags.ContainsKey(label))
                {
                    return DupTag;
                }

                if (tags.Count == MaxScriptTags)
                {
                    return TooManyTags;
                }

                tags[label] = instructions.Count;
                continue;
            }

            if (!Commands.TryGetValue(name, out var spec))
            {
                return NotPermitted.Contains(name) || NotEmulated.Contains(name) ? BadScriptCmd : BadScript;
            }

            var operands = new ScriptOperand[spec.Operands.Length];
            for (var o = 0; o < operands.Length; o++)
            {
                if (i >= tokens.Length)
                {
                    return BadScript;
                }

                var token = tokens[i++];
                var error = spec.Operands[o] switch
                {
                    'x' => TryValue(token, registerByDefault: false, out operands[o]),
                    'y' => TryValue(token, registerByDefault: true, out operands[o]),
                    'm' => TryLetter(token, ModeLetters, out operands[o]),
                    'u' => TryLetter(token, PullLetters, out operands[o]),
                    _ => TryLabel(token, instructions.Count, o, pending, out operands[o]),
                };
                if (error != 0)
                {
                    return error;
                }
            }

            instructions.Add(new ScriptInstruction(spec.Op, operands, spec.Command));
        }

        foreach (var (instruction, operand, label) in pending)
        {
            if (!tags.TryGetValue(label, out var target))
            {
                return BadTag;
            }

            instructions[instruction].Operands[operand] = new ScriptOperand(OperandKind.Constant, target);
        }

        program = [.. instructions];
        return 0;
    }

    private static int TryLabel(string token, int instruction, int operand, List<(int, int, int)> pending, out ScriptOperand value)
    {
        value = default;
        if (!TryNumber(token, out var label))
        {
            return BadScript;
        }

        pending.Add((instruction, operand, label));
        return 0;
    }

    private static int TryLetter(string token, Dictionary<char, int> letters, out ScriptOperand value)
    {
        value = default;
        if (token.Length != 1 || !letters.TryGetValue(char.ToUpperInvariant(token[0]), out var number))
        {
            return BadScript;
        }

        value = new ScriptOperand(OperandKind.Constant, number);
        return 0;
    }

    private static int TryValue(string token, bool registerByDefault, out ScriptOperand value)
    {
        value = default;
        var kind = char.ToLowerInvariant(token[0]) switch
        {
            'p' => OperandKind.Parameter,
            'v' => OperandKind.Variable,
            _ => registerByDefault ? OperandKind.Variable : OperandKind.Constant,
        };
        var digits = kind == OperandKind.Constant || !char.IsLetter(token[0]) ? token : token[1..];
        if (!TryNumber(digits, out var number))
        {
            return BadScript;
        }

        if (kind == OperandKind.Parameter && (uint)number >= ScriptParams)
        {
            return BadParamNum;
        }

        if (kind == OperandKind.Variable && (uint)number >= ScriptVariables)
        {
            return BadVarNum;
        }

        value = new ScriptOperand(kind, number);
        return 0;
    }

    /// <summary>Decimal, hex with 0x, or octal with a leading 0, as pigs reads numbers; an optional minus sign.</summary>
    private static bool TryNumber(string token, out int number)
    {
        number = 0;
        var negative = token.StartsWith('-');
        var digits = negative ? token[1..] : token;
        ulong magnitude;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!ulong.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude))
            {
                return false;
            }
        }
        else if (digits.Length > 1 && digits[0] == '0')
        {
            magnitude = 0;
            foreach (var c in digits[1..])
            {
                if (c is < '0' or > '7')
                {
                    return false;
                }

                magnitude = (magnitude * 8) + (ulong)(c - '0');
            }
        }
        else if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude))
        {
            return false;
        }

        if (magnitude > uint.MaxValue)
        {
            return false;
        }

        number = unchecked(negative ? -(int)(uint)magnitude : (int)(uint)magnitude);
        return true;
    }
}
