using System.Buffers;
using System.Text.Json;
using DualRobot.Frontend.RobotApi;

namespace DualRobot.Frontend.Control;

/// <summary>
/// The command socket's answer, <c>{"id":7,"status":200,"retryAfter":"1","body":{...}}</c>: the api's status and body
/// exactly as <c>/control</c> relays them, so the page reads a refusal the same way whichever way it went.
/// </summary>
public static class SocketReply
{
    public static ReadOnlyMemory<byte> Write(long id, ApiResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + response.Body.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", id);
            writer.WriteNumber("status", response.StatusCode);
            if (response.RetryAfter is { } retryAfter)
            {
                writer.WriteString("retryAfter", retryAfter);
            }

            writer.WritePropertyName("body");
            if (IsJson(response))
            {
                writer.WriteRawValue(response.Body, skipInputValidation: true); // IsJson has just read it
            }
            else
            {
                writer.WriteStringValue(response.Body);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static bool IsJson(ApiResponse response) =>
        response.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase) && response.Body.Length > 0 && IsValid(response.Body);

    private static bool IsValid(string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
