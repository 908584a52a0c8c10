using System.Text.Json;
using System.Text.Json.Serialization;

namespace DualRobot.Frontend.Apis;

/// <summary>
/// The <c>/control</c> bodies are read as strictly as the api reads its own (its <c>RequestJsonContext</c>): unknown
/// fields, duplicate keys, numbers in strings, numbers too large for a double, comments and trailing commas are refused here with a 400 naming the
/// field, instead of being dropped, last-wins or converted on the way through.
/// </summary>
internal static class ControlJson
{
    public static void MakeStrict(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.AllowTrailingCommas = false;
        options.MaxDepth = 8;
        options.Converters.Add(new FiniteDoubleConverter());
    }

    /// <summary>The reader turns 1e309 into an infinity without complaint; a robot cannot drive at infinity.</summary>
    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number && reader.GetDouble() is var value && double.IsFinite(value)
                ? value
                : throw new JsonException(); // no message: the serializer words it "could not be converted" with the path

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }
}
