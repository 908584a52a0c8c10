using Microsoft.AspNetCore.Antiforgery;

namespace DualRobot.Frontend.Security;

/// <summary>
/// The built-in antiforgery middleware only checks form posts; the console's script posts JSON, so its token
/// travels in a header and is checked here, after authorization and before anything reaches the api.
/// </summary>
public sealed class AntiforgeryValidationFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public const string HeaderName = "RequestVerificationToken";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Antiforgery token missing or invalid",
                detail: $"Reload the console: actuating requests need the page's token in the {HeaderName} header.");
        }

        return await next(context);
    }
}
