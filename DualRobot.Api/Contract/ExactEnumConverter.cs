using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DualRobot.Contract;

/// <summary>
/// Reads and writes an enum as its <see cref="JsonStringEnumMemberNameAttribute"/> wire name. Unlike
/// <see cref="JsonStringEnumConverter{TEnum}"/>, reading takes only the exact name: no other casing ("Forward"), no
/// number ("1"), no padding, so a client that is almost right is told so instead of being guessed at.
/// </summary>
public sealed class ExactEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>The wire names in declaration order, as clients send them (and as the OpenAPI document lists them).</summary>
    public static readonly IReadOnlyList<string> Names = WireNames.Of(typeof(TEnum));

    private static readonly Dictionary<string, TEnum> ByName = Enum.GetValues<TEnum>().ToDictionary(WireNames.Of, StringComparer.Ordinal);

    private static readonly Dictionary<TEnum, JsonEncodedText> ByValue = Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonEncodedText.Encode(WireNames.Of(v)));

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && ByName.TryGetValue(reader.GetString()!, out var value))
        {
            return value;
        }

        throw new JsonException($"Must be one of {string.Join(", ", Names)}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ByValue[value]);
}

/// <summary>An enum member's name on the wire: its <see cref="JsonStringEnumMemberNameAttribute"/>, else its own name.</summary>
public static class WireNames
{
    public static IReadOnlyList<string> Of(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(NameOf).ToArray();

    /// <summary>The wire name of one value, looked up once per type (metrics and spans ask on every command).</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => Cache<TEnum>.Names.TryGetValue(value, out var name) ? name : value.ToString();

    /// <summary>The value of an exact wire name (no other casing, no number), as a body would be read.</summary>
    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var (candidate, wire) in Cache<TEnum>.Names)
        {
            if (wire == name)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The wire name of a value whose type is known only at run time.</summary>
    public static string OfValue(Enum value) =>
        value.GetType().GetField(value.ToString()) is { } field ? NameOf(field) : value.ToString();

    private static string NameOf(FieldInfo field) => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name;

    private static class Cache<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> Names = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(field => (TEnum)field.GetValue(null)!, NameOf);
    }
}
