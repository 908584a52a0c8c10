using System.Text.Json.Serialization;

namespace DualRobot.Api.Apis.Requests;

/// <summary>
/// Request bodies are read strictly: unknown fields, duplicate keys, numbers in strings and comments are errors,
/// so a typo such as <c>"sped"</c> is refused instead of silently driving at the old speed.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    MaxDepth = 8)]
[JsonSerializable(typeof(DriveRequest))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(EyeRequest))]
[JsonSerializable(typeof(ServoRequest))]
[JsonSerializable(typeof(VelocityRequest))]
internal sealed partial class RequestJsonContext : JsonSerializerContext;
