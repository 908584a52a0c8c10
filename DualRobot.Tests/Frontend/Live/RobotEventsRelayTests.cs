using System.Net.ServerSentEvents;
using System.Text.Json;
using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Frontend.Live;

/// <summary>
/// The relay against an api that answers and then hangs with the connection open: the console must say the api is
/// unreachable instead of showing a fleet that merely stands still. Read as the browser would, from the hub's stream.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class RobotEventsRelayTests
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SilentStream_IsReportedUnreachable_AfterTheIdleTimeout()
    {
        var time = new FakeTimeProvider();
        await using var api = new SilentEventStreamServer();

        await WatchThroughRelayAsync(api, IdleTimeout, time, async browser =>
        {
            Assert.True(await NextApiReachableAsync(browser));
            Assert.Equal(ConsoleEventHub.StateEvent, (await NextAsync(browser)).EventType);
            var lost = NextApiReachableAsync(browser);
            time.Advance(IdleTimeout - TimeSpan.FromMilliseconds(1));
            Assert.False(lost.IsCompleted);

            time.Advance(TimeSpan.FromMilliseconds(1));

            Assert.False(await lost);
        });
    }

    [Fact]
    public async Task KeepAlives_HoldTheStreamPastTheIdleTimeout_AndReachTheBrowsers()
    {
        // Twelve keep-alives 500 ms apart on the fake clock span 6 s, longer than the 5 s idle timeout: only they keep
        // the stream open.
        const int keepAlives = 12;
        var time = new FakeTimeProvider();
        await using var api = new SilentEventStreamServer();

        await WatchThroughRelayAsync(api, IdleTimeout, time, async browser =>
        {
            Assert.True(await NextApiReachableAsync(browser));
            Assert.Equal(ConsoleEventHub.StateEvent, (await NextAsync(browser)).EventType);
            for (var i = 0; i < keepAlives; i++)
            {
                time.Advance(TimeSpan.FromMilliseconds(500));
                await api.SendKeepAliveAsync();
                Assert.Equal(ConsoleEventHub.KeepAliveEvent, (await NextAsync(browser)).EventType);
            }

            // Only once they stop does the silence count.
            var lost = NextApiReachableAsync(browser);
            time.Advance(IdleTimeout);
            Assert.False(await lost);
        });
    }

    /// <summary>
    /// Runs a relay against <paramref name="api"/> while <paramref name="watch"/> reads the console's stream as a browser
    /// would, from the first event after the initial "api unreachable".
    /// </summary>
    private static async Task WatchThroughRelayAsync(
        SilentEventStreamServer api, TimeSpan idleTimeout, TimeProvider time, Func<IAsyncEnumerator<SseItem<string>>, Task> watch)
    {
        var hub = new ConsoleEventHub();
        using var cts = new CancellationTokenSource(Eventually.DefaultLimit);
        await using var browser = hub.SubscribeAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        // The first read subscribes; only then can no event of the relay's be missed.
        Assert.False(await NextApiReachableAsync(browser));
        using var relay = CreateRelay(hub, api.Address, idleTimeout, time);
        await relay.StartAsync(cts.Token);
        try
        {
            await watch(browser);
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    private static RobotEventsRelay CreateRelay(ConsoleEventHub hub, Uri api, TimeSpan idleTimeout, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(RobotEventsRelay.HttpClientName, client =>
        {
            client.BaseAddress = api;
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        var factory = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var options = Options.Create(new ApiOptions { BaseAddress = api, EventsIdleTimeout = idleTimeout });
        return new RobotEventsRelay(factory, hub, options, time, NullLogger<RobotEventsRelay>.Instance);
    }

    private static async Task<SseItem<string>> NextAsync(IAsyncEnumerator<SseItem<string>> browser)
    {
        Assert.True(await browser.MoveNextAsync(), "the console stream ended");
        return browser.Current;
    }

    private static async Task<bool> NextApiReachableAsync(IAsyncEnumerator<SseItem<string>> browser)
    {
        var item = await NextAsync(browser);
        Assert.Equal(ConsoleEventHub.ConsoleEvent, item.EventType);
        using var json = JsonDocument.Parse(item.Data);
        return json.RootElement.GetProperty("apiReachable").GetBoolean();
    }
}
