using System.Globalization;

namespace DualRobot.Frontend.Control;

/// <summary>
/// The fields of a command form on the page without JavaScript, read exactly as they were written: the one way the
/// form handlers read a field. Model binding would not do: it turns a number it cannot read (<c>50abc</c>, empty,
/// <c>0x10</c>) into no value, which the handler cannot tell from a field left out, and reads <c>1,5</c> by the
/// server's culture. Here a field is given at most once; a number is the invariant culture's plain decimal notation
/// (what an HTML range or number input submits: an optional sign, digits, a decimal point, an exponent) and finite;
/// a name is one of the contract's wire names, spelled exactly. The first field that is not exactly right is the
/// <see cref="Fault"/>, which the page answers with 400 naming it; nothing is sent.
/// </summary>
public sealed class CommandForm(IFormCollection form)
{
    public const string Robot = "robot";

    // No white space, no thousands separator, no currency, no hexadecimal, no parentheses.
    private const NumberStyles PlainNumber = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>The first field that could not be read, and why; null while every field read so far was right.</summary>
    public (string Field, string Message)? Fault { get; private set; }

    /// <summary>The robot the command is for: required, not blank.</summary>
    public string RobotName() =>
        Text(Robot) is { } robot && !string.IsNullOrWhiteSpace(robot) ? robot : Refuse(Robot, "Required: the robot the command is for.", "");

    /// <summary>A required name from the contract (a direction, an eye state), spelled as on the wire.</summary>
    public TEnum Name<TEnum>(string field)
        where TEnum : struct, Enum =>
        WireNames.TryParse<TEnum>(Text(field), out var value)
            ? value
            : Refuse<TEnum>(field, $"must be one of {string.Join(", ", ExactEnumConverter<TEnum>.Names)}.", default);

    /// <summary>An optional number within <paramref name="min"/>..<paramref name="max"/>: null when the field is left out, never when it is empty.</summary>
    public double? Number(string field, double min, double max, string message) =>
        Text(field) is not { } text ? null
        : TryParse(text, out var number) && number >= min && number <= max ? number
        : Refuse<double?>(field, message, null);

    /// <summary>
    /// One number per servo, in index order: <c>angles=10&amp;angles=20</c> (as the page's sliders post them) or
    /// <c>angles[0]=10&amp;angles[1]=20</c>, not both; at least one. A fault names the index: <c>angles[1]</c>.
    /// </summary>
    public double[] Numbers(string field, string message)
    {
        var values = Values(field);
        if (values is null)
        {
            return [];
        }

        var numbers = new double[values.Count];
        for (var index = 0; index < values.Count; index++)
        {
            if (!TryParse(values[index], out numbers[index]))
            {
                return Refuse<double[]>($"{field}[{index}]", message, []);
            }
        }

        return numbers.Length > 0 ? numbers : Refuse<double[]>(field, "at least one is required.", []);
    }

    private IReadOnlyList<string?>? Values(string field)
    {
        var plain = form[field];
        var indexed = form.Keys.Where(key => key.StartsWith(field + "[", StringComparison.Ordinal)).ToList();
        if (plain.Count > 0 && indexed.Count > 0)
        {
            return Refuse<IReadOnlyList<string?>?>(field, $"give either {field} or {field}[0], {field}[1]…, not both.", null);
        }

        if (indexed.Count == 0)
        {
            return plain.ToArray();
        }

        var values = new string?[indexed.Count];
        for (var index = 0; index < values.Length; index++)
        {
            if (Text($"{field}[{index}]") is not { } value)
            {
                return Fault is null ? Refuse<IReadOnlyList<string?>?>(field, $"the indexes must run 0, 1, 2… without a gap or a repeat.", null) : null;
            }

            values[index] = value;
        }

        return values;
    }

    /// <summary>The field's one value; null when it is left out (or given twice, which is the fault).</summary>
    private string? Text(string field) => form[field] switch
    {
        { Count: 0 } => null,
        { Count: 1 } value => value[0] ?? "",
        _ => Refuse<string?>(field, "given more than once.", null),
    };

    private static bool TryParse(string? text, out double number) =>
        double.TryParse(text, PlainNumber, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    private T Refuse<T>(string field, string message, T fallback)
    {
        Fault ??= (field, message);
        return fallback;
    }
}
