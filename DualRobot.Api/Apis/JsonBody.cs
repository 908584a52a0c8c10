using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DualRobot.Api.Apis;

/// <summary>
/// Reads a small JSON body by hand rather than through parameter binding, so every failure becomes a problem
/// details response that names the offending field (binding failures would only give a bare 400).
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 4096;

    /// <summary>Returns the body, or null with <paramref name="problem"/> set; an absent body gives the default.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, bool required)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(1024);
                var read = await request.Body.ReadAsync(memory, request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > MaxBytes)
                {
                    return (null, TooLarge());
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }

        if (buffer.WrittenCount == 0)
        {
            return required
                ? (null, Invalid("body", "A JSON body is required."))
                : (null, null);
        }

        if (!HasJsonContentType(request))
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send the body as application/json.",
                type: ProblemTypes.UnsupportedMediaType));
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo);
            return value is null ? (null, Invalid("body", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Invalid(FieldOf(ex), $"Not valid: {Describe(ex)}"));
        }
    }

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            detail: $"{field}: {message}",
            type: ProblemTypes.Validation);

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: $"Bodies are limited to {MaxBytes} bytes.",
        type: ProblemTypes.PayloadTooLarge);

    private static bool HasJsonContentType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType) || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var mediaType = media.MediaType.Value ?? string.Empty;
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static string FieldOf(JsonException ex)
    {
        // "$.speed" → "speed"; "$" or no path → the body as a whole.
        var path = ex.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            // Unmapped and duplicate members name the property in the message, not the path.
            return ex.Message.Split('\'') is [_, var name, ..] && !name.Contains(' ') ? name : "body";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    // The serializer's own messages name .NET types; clients need to know what to fix, not how we parse.
    private static string Describe(JsonException ex) => ex.Message switch
    {
        var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "unknown field.",
        var m when m.Contains("Duplicate", StringComparison.Ordinal) => "the field appears more than once.",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "wrong type or out of range.",
        var m when m.Contains("maximum configured depth", StringComparison.Ordinal) => "nested too deeply.",
        _ => "malformed JSON.",
    };
}
