using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DualRobot.Contract;

/// <summary>
/// How the contract travels as JSON, the same in the api and in the console: camelCase names, enums by their exact
/// wire names, and request bodies read strictly: unknown fields, duplicate keys, numbers in strings or too large for a
/// double, other casings of names, comments, trailing commas and deep nesting are errors, so a typo such as
/// <c>"sped"</c> is refused instead of silently driving at the old speed.
/// </summary>
public static class ContractJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.AllowTrailingCommas = false;
        // Request bodies are flat; 16 still refuses deep nesting and leaves room for the schemas of the api's own
        // documents (a recording: session, entries, state, pose), which the OpenAPI exporter walks within this depth.
        options.MaxDepth = 16;
        options.Converters.Add(new FiniteDoubleConverter());
        // The contract's own types from its generated metadata; any other (a client's own body) by reflection.
        if (options.TypeInfoResolverChain.Count == 0)
        {
            options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        }

        options.TypeInfoResolverChain.Insert(0, ContractJsonContext.Default);
    }

    /// <summary>The reader turns 1e309 into an infinity without complaint; a robot cannot drive at infinity.</summary>
    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number && reader.GetDouble() is var value && double.IsFinite(value)
                ? value
                : throw new JsonException(); // the path says where; JsonFault says what

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }
}

/// <summary>Source-generated metadata of the contract's bodies; a type missing here still works, through reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DriveRequest))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(EyeRequest))]
[JsonSerializable(typeof(ServoRequest))]
[JsonSerializable(typeof(VelocityRequest))]
[JsonSerializable(typeof(RobotState))]
[JsonSerializable(typeof(IReadOnlyList<RobotState>))]
[JsonSerializable(typeof(List<RobotState>))]
[JsonSerializable(typeof(EmergencyStopState))]
[JsonSerializable(typeof(ZoneRequest))]
[JsonSerializable(typeof(ZoneSet))]
[JsonSerializable(typeof(SlowModeRequest))]
public sealed partial class ContractJsonContext : JsonSerializerContext;
