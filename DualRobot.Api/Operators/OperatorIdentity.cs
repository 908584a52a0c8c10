using System.Diagnostics;
using System.Security.Claims;
using DualRobot.Api.Apis;
using DualRobot.Api.Audit;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Operators;

/// <summary>
/// Who a request acts for, once authenticated: the console's user from <see cref="OperatorHeaders.User"/>, or
/// <see cref="KeyHolder"/> for a caller with the key and no such header. Requests without the key never reach an
/// identity: their headers are not read at all.
/// </summary>
public static class OperatorIdentity
{
    /// <summary>A direct caller holding the api key (scripts, the AppHost's e-stop command).</summary>
    public const string KeyHolder = "api-key";

    /// <summary>The OpenTelemetry attribute of the acting user on the request's span.</summary>
    public const string EndUserAttribute = "enduser.id";

    public const string EndUserRoleAttribute = "enduser.role";

    /// <summary>The name of the acting user; <see cref="KeyHolder"/> when none was given.</summary>
    public static string UserName(this ClaimsPrincipal principal) => principal.Identity?.Name ?? KeyHolder;

    public static bool IsSupervisor(this ClaimsPrincipal principal) => principal.IsInRole(OperatorRoles.Supervisor);

    /// <summary>Null for a valid name, else why not: the rule the console applies to its users (<see cref="OperatorNames"/>).</summary>
    public static string? Invalid(string name) => OperatorNames.Problem(name) is { } problem ? $"The user name {problem}" : null;

    /// <summary>
    /// After authentication: refuses malformed identity headers from key holders (400 naming the header), tags the
    /// request's span with <c>enduser.id</c> and puts the user in the scope of every log written for the request.
    /// </summary>
    public static IApplicationBuilder UseOperatorIdentity(this IApplicationBuilder app)
    {
        // Once, not per request: creating a logger from a type formats its name and looks it up under a lock.
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OperatorIdentity));
        return app.Use((context, next) => ActAsync(context, next, logger));
    }

    private static readonly string[] IdentityHeaders = [OperatorHeaders.User, OperatorHeaders.Role];

    private static async Task ActAsync(HttpContext context, RequestDelegate next, ILogger logger)
    {
        if (context.User.Identity is not { IsAuthenticated: true })
        {
            await next(context);
            return;
        }

        foreach (var header in IdentityHeaders)
        {
            if (context.Items[header] is string why)
            {
                await RequestProblems.Invalid(header, why).ExecuteAsync(context);
                return;
            }
        }

        var user = context.User.UserName();
        Activity.Current?.SetTag(EndUserAttribute, user);
        Activity.Current?.SetTag(EndUserRoleAttribute, context.User.FindAll(ClaimTypes.Role).LastOrDefault()?.Value);
        using (logger.BeginScope(new Dictionary<string, object> { ["User"] = user }))
        {
            await next(context);
        }

        // Refused for the role before the endpoint ran: a refusal like any other, so it goes in the trail.
        if (context.Response.StatusCode == StatusCodes.Status403Forbidden)
        {
            context.RequestServices.GetRequiredService<AuditTrail>().Record(
                user,
                context.GetRouteValue("name") as string,
                AuditActions.OfEndpoint(context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName),
                null,
                CommandOutcomes.Forbidden,
                $"Role {context.User.FindAll(ClaimTypes.Role).LastOrDefault()?.Value} may not do this.");
        }
    }

    /// <summary>
    /// The principal of a caller that presented the right key. Malformed headers are noted in
    /// <paramref name="items"/> for <see cref="UseOperatorIdentity"/> to refuse.
    /// </summary>
    internal static ClaimsPrincipal ForKeyHolder(IHeaderDictionary headers, IDictionary<object, object?> items, string scheme)
    {
        var user = KeyHolder;
        if (headers.TryGetValue(OperatorHeaders.User, out var users))
        {
            var name = users.Count == 1 ? users[0] ?? "" : "";
            if ((users.Count == 1 ? Invalid(name) : "Must be given once.") is { } why)
            {
                items[OperatorHeaders.User] = why;
            }
            else
            {
                user = name;
            }
        }

        var role = OperatorRoles.Supervisor;
        if (headers.TryGetValue(OperatorHeaders.Role, out var roles))
        {
            if (roles.Count == 1 && OperatorRoles.IsKnown(roles[0]))
            {
                role = roles[0]!;
            }
            else
            {
                items[OperatorHeaders.Role] = $"Must be one of {string.Join(", ", OperatorRoles.All)}.";
                role = OperatorRoles.Viewer;
            }
        }

        return new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user), .. OperatorRoles.Claims(role)], scheme));
    }
}
