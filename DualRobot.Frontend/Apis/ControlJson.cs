using System.Text.Json;
using System.Text.Json.Serialization;

namespace DualRobot.Frontend.Apis;

/// <summary>
/// The <c>/control</c> bodies are read as strictly as the api reads its own (its <c>RequestJsonContext</c>): unknown
/// fields, duplicate keys, numbers in strings, comments and trailing commas are refused here with a 400 naming the
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
    }
}
