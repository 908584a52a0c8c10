using Microsoft.AspNetCore.Http.Metadata;

namespace DualRobot.Api.Apis;

/// <summary>How request bodies are read: typed records through minimal-API binding, strictly, with problems that name the field.</summary>
public static class RequestBinding
{
    public static IServiceCollection AddRequestBinding(this IServiceCollection services)
    {
        // Throwing (the default only in Development) is what lets one handler see the JSON error and its path.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BindingFailureHandler>();
        services.AddRequestValidation();

        // A limit the server enforces while reading (Kestrel) ends binding with an empty 413; the status code
        // pages then write it as the same problem as everywhere else.
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                (problem.Type, problem.Title, problem.Detail) = problem.Status switch
                {
                    StatusCodes.Status413PayloadTooLarge => (ProblemTypes.PayloadTooLarge, "Request body too large", $"Bodies are limited to {RequestProblems.MaxBodyBytes} bytes."),
                    StatusCodes.Status415UnsupportedMediaType => (ProblemTypes.UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."),
                    _ => (problem.Type, problem.Title, problem.Detail),
                };
            }
        });
        return services;
    }

    /// <summary>
    /// Refuses a body whose declared length is over its endpoint's limit (<see cref="IRequestSizeLimitMetadata"/>)
    /// before binding reads it. Kestrel also enforces the limit on bodies of undeclared length while they are read;
    /// not every server does (the in-memory test server does not), the declared length any server has.
    /// </summary>
    public static IApplicationBuilder UseDeclaredBodyLimits(this IApplicationBuilder app) =>
        app.Use((context, next) =>
            context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } limit
                && context.Request.ContentLength > limit
                ? RequestProblems.TooLarge().ExecuteAsync(context)
                : next(context));
}
