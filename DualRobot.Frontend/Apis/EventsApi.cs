using System.Net.ServerSentEvents;
using DualRobot.Frontend.Live;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Frontend.Apis;

public static class EventsApi
{
    /// <summary>
    /// <c>GET /events</c>: same-origin Server-Sent Events for the page (<c>console</c> = api reachability,
    /// <c>state</c> = the api's robot state; for a signed-in user <c>activity</c> = an audit record). Read-only, so
    /// anonymous visitors get it too, without the audit records.
    /// </summary>
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events", StreamEvents)
            .WithName("ConsoleEvents")
            .ExcludeFromDescription();

        return app;
    }

    private static ServerSentEventsResult<string> StreamEvents(ConsoleEventHub hub, HttpContext context, IHostApplicationLifetime lifetime)
    {
        // Ends with the browser or with the app, so shutting down never waits for open tabs.
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(stopping);
        context.Response.Headers.CacheControl = "no-cache, no-store";
        return TypedResults.ServerSentEvents(hub.SubscribeAsync(stopping.Token, activity: context.User.Identity?.IsAuthenticated == true));
    }
}
