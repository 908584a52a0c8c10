using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace DualRobot.Frontend.Apis;

/// <summary>
/// A request the client got wrong is the client's error, not a 500 with an error-level stack trace: a body that
/// arrives too slowly (Kestrel's minimum data rate) becomes 408, a truncated or malformed one 400, a too large one
/// 413, each as problem details; a body that is not the JSON an endpoint binds names the offending field, worded as the
/// api words it (<see cref="JsonFault"/>). Everything else stays with the default handler.
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
            (JsonException json, _) => Invalid(JsonFault.Of(json, BodyType(httpContext), JsonOptions(httpContext))),
            // Binding's own 400s: no body where one is required, an unreadable form, a truncated body.
            (_, StatusCodes.Status400BadRequest) => Invalid((RequestFields.Body, DetailOf(bad.StatusCode))),
            _ => TypedResults.Problem(statusCode: bad.StatusCode, title: TitleOf(bad.StatusCode), detail: DetailOf(bad.StatusCode)),
        };
        await problem.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>A 400 naming the field, shaped as the api's own: the page reads both the same way.</summary>
    public static IResult Invalid((string Field, string Message) fault) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [fault.Field] = [fault.Message] },
            detail: $"{fault.Field}: {fault.Message}", type: ProblemTypes.Validation);

    private static Type? BodyType(HttpContext context) =>
        context.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;

    private static JsonSerializerOptions JsonOptions(HttpContext context) =>
        context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

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
