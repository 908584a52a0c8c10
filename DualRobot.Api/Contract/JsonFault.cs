using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

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
        if (property is not null && Nested(error.Path!, field) is { Length: > 0 } rest)
        {
            return Inside(field, rest, property, options);
        }

        return (field, property is null ? "Unknown field." : $"Give it once, as {Expected(property.PropertyType, property.AttributeProvider)}.");
    }

    /// <summary>What follows the top-level field in a path: <c>[2].x</c> of <c>$.polygon[2].x</c>.</summary>
    private static string Nested(string path, string field) =>
        path.IndexOf(field, StringComparison.Ordinal) is var at and >= 0 ? path[(at + field.Length)..].TrimStart('\'', ']') : "";

    /// <summary>
    /// A fault inside an object or a list (a zone's <c>polygon[2].x</c>): the whole path is the field, told from what
    /// the body declares at its end.
    /// </summary>
    private static (string Field, string Message) Inside(string field, string rest, JsonPropertyInfo property, JsonSerializerOptions options)
    {
        var path = field;
        var type = property.PropertyType;
        ICustomAttributeProvider? attributes = property.AttributeProvider;
        foreach (var step in rest.Split('.', StringSplitOptions.RemoveEmptyEntries).SelectMany(Steps))
        {
            var info = options.GetTypeInfo(type);
            if (step.StartsWith('['))
            {
                path += step;
                if (info.ElementType is not { } element)
                {
                    break;
                }

                (type, attributes) = (element, null);
                continue;
            }

            path += "." + step;
            if (info.Properties.FirstOrDefault(p => p.Name == step) is not { } inner)
            {
                return (path, "Unknown field.");
            }

            (type, attributes) = (inner.PropertyType, inner.AttributeProvider);
        }

        return (path, $"Give it once, as {Expected(type, attributes)}.");
    }

    /// <summary><c>x</c> → x; <c>polygon[2]</c> → polygon, [2]; <c>[2]</c> → [2].</summary>
    private static IEnumerable<string> Steps(string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        if (bracket != 0)
        {
            yield return bracket < 0 ? part : part[..bracket];
        }

        for (var at = bracket; at >= 0; at = part.IndexOf('[', at + 1))
        {
            var end = part.IndexOf(']', at);
            yield return end < 0 ? part[at..] : part[at..(end + 1)];
        }
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
