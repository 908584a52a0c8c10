using System.Text.Json;
using DualRobot.Api.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Apis;

/// <summary>
/// Turns a failed body binding (minimal APIs throw <see cref="BadHttpRequestException"/>, see
/// <see cref="RouteHandlerOptions.ThrowOnBadRequest"/>) into the problem the client can act on: 400 naming the field
/// from the serializer's JSON path, 415 for a body that is not JSON, 413 for one too large, and a 404 first when
/// <c>{name}</c> is no robot, as the group's filter would have answered with a good body.
/// </summary>
internal sealed class BindingFailureHandler(IOptions<JsonOptions> json) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException failure)
        {
            return false;
        }

        // The exception handler cleared the endpoint and route values; put them back so the request is still
        // counted under its route in the HTTP metrics.
        var handled = context.Features.Get<IExceptionHandlerFeature>();
        context.SetEndpoint(handled?.Endpoint);
        context.Request.RouteValues = handled?.RouteValues ?? [];

        IResult problem;
        if (context.Request.RouteValues.ContainsKey(RobotRoute.NameParameter)
            && !RobotRoute.TryResolve(context, context.Request.RouteValues, out _))
        {
            problem = CommandResults.RobotNotFound(RobotRoute.NameOf(context.Request.RouteValues));
        }
        else if (context.Request.RouteValues.ContainsKey(GroupRoute.NameParameter)
            && !GroupRoute.TryResolve(context, context.Request.RouteValues, out _))
        {
            problem = GroupRoute.NotFound(GroupRoute.NameOf(context.Request.RouteValues));
        }
        else
        {
            problem = failure.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => RequestProblems.TooLarge(),
                StatusCodes.Status415UnsupportedMediaType => RequestProblems.UnsupportedMediaType(),
                StatusCodes.Status400BadRequest => Invalid(failure.InnerException as JsonException, handled?.Endpoint),
                _ => TypedResults.Problem(statusCode: failure.StatusCode),
            };
            if (problem is IStatusCodeHttpResult { StatusCode: StatusCodes.Status400BadRequest })
            {
                InvalidCommandCounter.Count(context, handled?.Endpoint, context.Request.RouteValues);
            }
        }

        await problem.ExecuteAsync(context);
        return true;
    }

    private ValidationProblem Invalid(JsonException? error, Endpoint? endpoint)
    {
        var (field, message) = JsonFault.Of(error, BodyType(endpoint), json.Value.SerializerOptions);
        return RequestProblems.Invalid(field, message);
    }

    private static Type? BodyType(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
}
