using System.Text.Json;
using System.Text.Json.Serialization;

namespace DualRobot.Api.Apis.Requests;

/// <summary>
/// Source-generated metadata of the request bodies. A body missing here still binds (through reflection), with the
/// same strict options: those are the api's JSON options (<see cref="Configure"/>), not this context's.
/// </summary>
[JsonSerializable(typeof(DriveRequest))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(EyeRequest))]
[JsonSerializable(typeof(ServoRequest))]
[JsonSerializable(typeof(VelocityRequest))]
internal sealed partial class RequestJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Request bodies are read strictly: unknown fields, duplicate keys, numbers in strings, other casings of names
    /// and comments are errors, so a typo such as <c>"sped"</c> is refused instead of silently driving at the old speed.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNameCaseInsensitive = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.AllowTrailingCommas = false;
        options.TypeInfoResolverChain.Insert(0, Default);
    }
}
