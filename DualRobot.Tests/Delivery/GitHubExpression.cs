using System.Globalization;
using System.Text;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// The part of GitHub Actions' expression language the workflows use (<c>${{ ... }}</c>): context paths, string and
/// number literals, <c>== != ! &amp;&amp; ||</c>, parentheses and <c>startsWith/endsWith/contains</c>, with GitHub's
/// rules: <c>&amp;&amp;</c> and <c>||</c> return an operand, strings compare without regard to case, and a missing
/// property is null. Enough to evaluate a job's <c>if</c>, a concurrency group or an env default for a given event.
/// </summary>
public sealed class GitHubExpression
{
    private readonly string _text;
    private readonly IReadOnlyDictionary<string, object?> _context;
    private int _position;

    private GitHubExpression(string text, IReadOnlyDictionary<string, object?> context)
    {
        _text = text;
        _context = context;
    }

    /// <summary>Evaluates one expression (without the <c>${{ }}</c>); <paramref name="context"/> maps paths such as <c>github.ref</c> to values.</summary>
    public static object? Evaluate(string expression, IReadOnlyDictionary<string, object?> context)
    {
        var parser = new GitHubExpression(expression, context);
        var value = parser.Or();
        parser.SkipSpace();
        if (parser._position != expression.Length)
        {
            throw new FormatException($"unexpected '{expression[parser._position..]}' in {expression}");
        }

        return value;
    }

    /// <summary>A value with every <c>${{ }}</c> in it replaced by its result, as GitHub does for env values and inputs.</summary>
    public static string Expand(string template, IReadOnlyDictionary<string, object?> context)
    {
        var result = new StringBuilder();
        var position = 0;
        while (template.IndexOf("${{", position, StringComparison.Ordinal) is var start and >= 0)
        {
            var end = template.IndexOf("}}", start, StringComparison.Ordinal);
            result.Append(template, position, start - position).Append(AsString(Evaluate(template[(start + 3)..end].Trim(), context)));
            position = end + 2;
        }

        return result.Append(template, position, template.Length - position).ToString();
    }

    /// <summary>A job's <c>if</c>, which may be written with or without <c>${{ }}</c>.</summary>
    public static bool Condition(string condition, IReadOnlyDictionary<string, object?> context)
    {
        var trimmed = condition.Trim();
        return IsTruthy(trimmed.StartsWith("${{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal)
            ? Evaluate(trimmed[3..^2].Trim(), context)
            : Evaluate(trimmed, context));
    }

    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    public static string AsString(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private object? Or()
    {
        var left = And();
        while (Take("||"))
        {
            var right = And();
            left = IsTruthy(left) ? left : right;
        }

        return left;
    }

    private object? And()
    {
        var left = Unary();
        while (Take("&&"))
        {
            var right = Unary();
            left = IsTruthy(left) ? right : left;
        }

        return left;
    }

    private object? Unary() => Take("!") ? !IsTruthy(Unary()) : Comparison();

    private object? Comparison()
    {
        var left = Primary();
        if (Take("=="))
        {
            return AreEqual(left, Primary());
        }

        if (Take("!="))
        {
            return !AreEqual(left, Primary());
        }

        return left;
    }

    private object? Primary()
    {
        SkipSpace();
        if (Take("("))
        {
            var value = Or();
            Expect(")");
            return value;
        }

        if (Peek("'"))
        {
            return StringLiteral();
        }

        var start = _position;
        while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '_' or '-' or '.'))
        {
            _position++;
        }

        var word = _text[start.._position];
        if (word.Length == 0)
        {
            throw new FormatException($"expected a value at {_position} in {_text}");
        }

        if (Take("("))
        {
            var arguments = new List<object?>();
            while (!Take(")"))
            {
                arguments.Add(Or());
                Take(",");
            }

            return Call(word, arguments);
        }

        return word switch
        {
            "true" => true,
            "false" => false,
            "null" => null,
            _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            _ => _context.TryGetValue(word, out var value) ? value : null,
        };
    }

    private static object? Call(string function, List<object?> arguments) => function.ToLowerInvariant() switch
    {
        "startswith" => AsString(arguments[0]).StartsWith(AsString(arguments[1]), StringComparison.OrdinalIgnoreCase),
        "endswith" => AsString(arguments[0]).EndsWith(AsString(arguments[1]), StringComparison.OrdinalIgnoreCase),
        "contains" => AsString(arguments[0]).Contains(AsString(arguments[1]), StringComparison.OrdinalIgnoreCase),
        _ => throw new NotSupportedException($"{function}() is not evaluated by these tests"),
    };

    private static bool AreEqual(object? left, object? right) => (left, right) switch
    {
        (string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase),
        (null, null) => true,
        _ => Equals(left, right),
    };

    private string StringLiteral()
    {
        Expect("'");
        var value = new StringBuilder();
        while (true)
        {
            var next = _text.IndexOf('\'', _position);
            if (next < 0)
            {
                throw new FormatException($"unterminated string in {_text}");
            }

            value.Append(_text, _position, next - _position);
            _position = next + 1;
            if (_position < _text.Length && _text[_position] == '\'')
            {
                value.Append('\''); // '' is an escaped quote
                _position++;
                continue;
            }

            return value.ToString();
        }
    }

    private bool Peek(string token) => string.CompareOrdinal(_text, _position, token, 0, token.Length) == 0;

    private bool Take(string token)
    {
        SkipSpace();
        if (!Peek(token))
        {
            return false;
        }

        _position += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!Take(token))
        {
            throw new FormatException($"expected '{token}' at {_position} in {_text}");
        }
    }

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }
}
