using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Api.Apis;

/// <summary>The problems a request itself earns (as opposed to a robot's answer, <see cref="CommandResults"/>).</summary>
internal static class RequestProblems
{
    /// <summary>Commands are a few dozen bytes; anything near this is not one.</summary>
    public const int MaxBodyBytes = 4096;

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            detail: string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            type: ProblemTypes.Validation);

    public static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: $"Bodies are limited to {MaxBodyBytes} bytes.",
        type: ProblemTypes.PayloadTooLarge);

    public static ProblemHttpResult UnsupportedMediaType() => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported media type",
        detail: "Send the body as application/json.",
        type: ProblemTypes.UnsupportedMediaType);
}
