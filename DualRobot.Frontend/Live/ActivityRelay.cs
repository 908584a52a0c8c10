using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using DualRobot.Frontend.Apis;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Diagnostics;
using DualRobot.Frontend.RobotApi;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Live;

/// <summary>
/// Holds one subscription to the api's <c>/audit/events</c> (with the api key: the trail names users) and feeds
/// <see cref="ConsoleEventHub"/>, which passes the records to signed-in users' pages: the Activity panel is fed by the
/// stream each page already has, and no page polls. On connect the api sends its newest records first, so a
/// reconnect fills what was missed; while it is unreachable this retries with a capped back-off. With several api
/// instances (<see cref="ApiOptions.InstanceList"/>) it follows each, as <see cref="RobotEventsRelay"/> does.
/// </summary>
public sealed class ActivityRelay(
    IHttpClientFactory httpClientFactory,
    ConsoleEventHub hub,
    IOptions<ApiKeyOptions> key,
    IOptions<ApiOptions> api,
    TimeProvider time,
    ILogger<ActivityRelay> logger) : BackgroundService
{
    private static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(api.Value.InstanceList().Select(instance => FollowAsync(instance, stoppingToken)));

    private async Task FollowAsync(ApiInstance instance, CancellationToken stoppingToken)
    {
        var backoff = new ReconnectBackoff(MinDelay, MaxDelay, time);
        do
        {
            try
            {
                await RelayAsync(instance, backoff, stoppingToken);
                FrontendLog.ActivityLost(logger, "the api ended the stream", (int)backoff.Delay.TotalMilliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
            {
                FrontendLog.ActivityLost(logger, exception.Message, (int)backoff.Delay.TotalMilliseconds);
            }
        }
        while (await backoff.WaitAsync(stoppingToken));
    }

    private async Task RelayAsync(ApiInstance instance, ReconnectBackoff backoff, CancellationToken cancellationToken)
    {
        var http = httpClientFactory.CreateClient(RobotEventsRelay.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            instance.At($"/audit/events?limit={ActivityApi.Latest.ToString(CultureInfo.InvariantCulture)}"));
        if (key.Value.ApiKey is { Length: > 0 } apiKey)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        backoff.Reset();
        FrontendLog.ActivityConnected(logger);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            if (item.EventType == StreamEvents.Audit)
            {
                hub.PublishActivity(item.Data, instance.Name);
            }
        }
    }
}
