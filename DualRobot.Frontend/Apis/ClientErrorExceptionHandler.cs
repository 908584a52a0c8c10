using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace DualRobot.Frontend.Apis;

/// <summary>
/// A request the client got wrong is the client's error, not a 500 with an error-level stack trace: a body that
/// arrives too slowly (Kestrel's minimum data rate) becomes 408, a truncated or malformed one 400, a too large one
/// 413, each as problem details; a body that is not the JSON an endpoint binds names the offending field.
/// Everything else stays with the default handler. (The api has its own, BindingFailureHandler.)
/// </summary>
internal sealed class ClientErrorExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        IResult problem = (bad.InnerException, bad.StatusCode) switch
        {
            (JsonException json, _) => Invalid(Fault(json)),
            // Binding's own 400s: no body where one is required, an unreadable form, a truncated body.
            (_, StatusCodes.Status400BadRequest) => Invalid("body", DetailOf(bad.StatusCode)),
            _ => TypedResults.Problem(statusCode: bad.StatusCode, title: TitleOf(bad.StatusCode), detail: DetailOf(bad.StatusCode)),
        };
        await problem.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The field a body that did not bind gets wrong, and what to tell the client about it.</summary>
    public static (string Field, string Message) Fault(JsonException exception) => (FieldOf(exception), $"Not valid: {Describe(exception)}");

    /// <summary>The field at fault: unknown and repeated members name themselves in the message, a value of the wrong
    /// type or range is at the path (<c>$.speed</c> gives <c>speed</c>); malformed JSON is the body as a whole.</summary>
    public static string FieldOf(JsonException exception)
    {
        var message = exception.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal) || message.Contains("Duplicate", StringComparison.Ordinal))
        {
            return message.Split('\'') is [_, var name, ..] && name.Length > 0 && !name.Contains(' ') ? name : "body";
        }

        if (!message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "body";
        }

        var path = exception.Path;
        var field = string.IsNullOrEmpty(path) ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    // The serializer's own messages name .NET types; clients need to know what to fix, not how we parse.
    private static string Describe(JsonException exception) => exception.Message switch
    {
        var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "unknown field.",
        var m when m.Contains("Duplicate", StringComparison.Ordinal) => "the field appears more than once.",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "wrong type or out of range.",
        var m when m.Contains("maximum configured depth", StringComparison.Ordinal) => "nested too deeply.",
        _ => "malformed JSON.",
    };

    private static IResult Invalid((string Field, string Message) fault) => Invalid(fault.Field, fault.Message);

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}");

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => "Request body too slow",
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        _ => "Bad request",
    };

    private static string DetailOf(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => "The request body did not arrive in time.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
        _ => "The request could not be read: a truncated body, a missing body or malformed content.",
    };
}
