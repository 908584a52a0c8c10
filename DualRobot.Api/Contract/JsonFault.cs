using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace DualRobot.Contract;

/// <summary>
/// What a body that did not bind gets wrong, told from where the serializer stopped (<see cref="JsonException.Path"/>)
/// and what the body declares there, never from the serializer's wording (which names .NET types, and which a .NET
/// upgrade may change). The api and the console both answer with it.
/// </summary>
public static class JsonFault
{
    /// <param name="error">The serializer's error; null when there was no body at all (or the literal null).</param>
    /// <param name="bodyType">The type the body was read as, when known, to tell an unknown field from a wrong value.</param>
    public static (string Field, string Message) Of(JsonException? error, Type? bodyType, JsonSerializerOptions options)
    {
        if (error is null)
        {
            return (RequestFields.Body, "A JSON object is required.");
        }

        // A reader error inside the exception: the text is not JSON at all, wherever it broke off.
        if (error.InnerException is JsonException)
        {
            return (RequestFields.Body, "Malformed JSON.");
        }

        // "$.speed" or "$['sp eed']" → the field; "$" (an array, a number...) → the body as a whole.
        if (FieldOf(error.Path) is not { } field)
        {
            return (RequestFields.Body, "Must be a JSON object.");
        }

        var property = bodyType is null ? null : options.GetTypeInfo(bodyType).Properties.FirstOrDefault(p => p.Name == field);
        return (field, property is null ? "Unknown field." : $"Give it once, as {Expected(property.PropertyType, property.AttributeProvider)}.");
    }

    private static string? FieldOf(string? path) => path switch
    {
        { Length: > 2 } when path.StartsWith("$.", StringComparison.Ordinal) => path[2..].Split('.', '[')[0],
        { Length: > 5 } when path.StartsWith("$['", StringComparison.Ordinal) && path.IndexOf("']", StringComparison.Ordinal) is > 3 and var end => path[3..end],
        _ => null,
    };

    // Clients need to know what to send, not how we parse.
    private static string Expected(Type type, ICustomAttributeProvider? attributes)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type.IsEnum => $"one of {string.Join(", ", Allowed(type, attributes))}",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "true or false",
            _ => "a value of the documented type",
        };
    }

    /// <summary>An enum's wire names less those the field denies (a drive cannot ask for <see cref="Direction.Velocity"/>).</summary>
    public static IEnumerable<string> Allowed(Type enumType, ICustomAttributeProvider? attributes)
    {
        var denied = attributes?.GetCustomAttributes(typeof(DeniedValuesAttribute), inherit: false).OfType<DeniedValuesAttribute>()
            .SelectMany(attribute => attribute.Values).OfType<Enum>().Select(WireNames.OfValue).ToHashSet() ?? [];
        return WireNames.Of(enumType).Where(name => !denied.Contains(name));
    }
}
