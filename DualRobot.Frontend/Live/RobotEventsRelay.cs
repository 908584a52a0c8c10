using System.Net.ServerSentEvents;
using System.Text.Json;
using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Diagnostics;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Live;

/// <summary>
/// Holds one subscription to each api instance's <c>/robots/events</c> (<see cref="ApiOptions.InstanceList"/>) and
/// feeds <see cref="ConsoleEventHub"/>, which merges them into one fleet. When an instance goes away it says so (its
/// robots only) and reconnects with a capped back-off; the api's first events on reconnect are every robot's state,
/// so the console resumes by itself. A stream that goes silent for longer than
/// <see cref="ApiOptions.EventsIdleTimeout"/> (the api sends keep-alives) counts as lost too.
/// </summary>
public sealed class RobotEventsRelay(
    IHttpClientFactory httpClientFactory,
    ConsoleEventHub hub,
    IOptions<ApiOptions> options,
    TimeProvider time,
    ILogger<RobotEventsRelay> logger) : BackgroundService
{
    public const string HttpClientName = "api-events";

    private static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.InstanceList().Select(instance => FollowAsync(instance, stoppingToken)));

    private async Task FollowAsync(ApiInstance instance, CancellationToken stoppingToken)
    {
        var backoff = new ReconnectBackoff(MinDelay, MaxDelay, time);
        var wasReachable = true; // so the first failure is reported once
        while (!stoppingToken.IsCancellationRequested)
        {
            var connection = new ConnectionOutcome();

            // On the TimeProvider (a linked source would run on the system clock): the idle timeout is a wait too.
            using var silence = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            using var stopping = stoppingToken.Register(silence.Cancel);
            string reason;
            try
            {
                await RelayAsync(instance, connection, silence);
                reason = "the api ended the stream";
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
            {
                reason = silence.IsCancellationRequested
                    ? $"the api sent nothing for {options.Value.EventsIdleTimeout.TotalSeconds:0.#} s"
                    : exception.Message;
            }

            // A connection that delivered states was a real one: retry quickly, the api is probably restarting.
            if (connection.ReceivedState)
            {
                backoff.Reset();
            }

            hub.SetApiReachable(instance.Name, false);
            if (wasReachable || connection.ReceivedState)
            {
                FrontendLog.EventsLost(logger, instance.Name, reason, (int)backoff.Delay.TotalMilliseconds);
            }
            else
            {
                FrontendLog.EventsStillLost(logger, instance.Name, reason, (int)backoff.Delay.TotalMilliseconds);
            }

            wasReachable = false;
            if (!await backoff.WaitAsync(stoppingToken))
            {
                return;
            }
        }
    }

    /// <param name="silence">Cancelled when nothing arrives for the idle timeout; every event restarts its clock.</param>
    private async Task RelayAsync(ApiInstance instance, ConnectionOutcome connection, CancellationTokenSource silence)
    {
        var idleTimeout = options.Value.EventsIdleTimeout;
        silence.CancelAfter(idleTimeout);
        var http = httpClientFactory.CreateClient(HttpClientName);
        var address = instance.At("/robots/events");
        using var response = await http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, silence.Token);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(silence.Token);

        hub.SetApiReachable(instance.Name, true);
        FrontendLog.EventsConnected(logger, instance.Name, address);

        await foreach (var item in SseParser.Create(stream).EnumerateAsync(silence.Token))
        {
            silence.CancelAfter(idleTimeout);
            if (item.EventType == ConsoleEventHub.KeepAliveEvent)
            {
                hub.KeepAlive();
                continue;
            }

            if (item.EventType != ConsoleEventHub.StateEvent)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<RobotState>(item.Data, Json) is { Name: not null } state)
                {
                    hub.Publish(instance.Name, state, item.Data);
                    connection.ReceivedState = true;
                }
            }
            catch (JsonException exception)
            {
                FrontendLog.EventUnreadable(logger, exception);
            }
        }
    }

    /// <summary>Survives the exception that usually ends a connection, unlike a return value.</summary>
    private sealed class ConnectionOutcome
    {
        public bool ReceivedState { get; set; }
    }
}
