using DualRobot.Api.Robots;
using DualRobot.Frontend.Live;

namespace DualRobot.Tests.Robots;

/// <summary>
/// An event stream ends when its token is cancelled, for a client that went away or a host that is stopping: the
/// enumeration completes (no exception for the middleware to log) and the subscriber is gone.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class EventStreamEndTests
{
    [Fact]
    public async Task ApiStream_EndsQuietly_WhenCancelled()
    {
        var hub = new RobotEventHub();
        using var cancel = new CancellationTokenSource();
        var received = 0;

        var reading = Task.Run(async () =>
        {
            await foreach (var _ in hub.SubscribeAsync(() => [], cancel.Token))
            {
                Interlocked.Increment(ref received);
            }
        });
        await Eventually.True(() => hub.SubscriberCount == 1, "the stream subscribed");
        hub.PublishKeepAlive();
        await Eventually.True(() => Volatile.Read(ref received) == 1, "the keep-alive arrived");

        await cancel.CancelAsync();
        await reading;

        Assert.Equal(0, hub.SubscriberCount);
    }

    [Fact]
    public async Task ConsoleStream_EndsQuietly_WhenCancelled()
    {
        var hub = new ConsoleEventHub();
        using var cancel = new CancellationTokenSource();
        var received = 0;

        var reading = Task.Run(async () =>
        {
            await foreach (var _ in hub.SubscribeAsync(cancel.Token))
            {
                Interlocked.Increment(ref received);
            }
        });
        // The console status comes first, then the keep-alive.
        await Eventually.True(() => Volatile.Read(ref received) == 1, "the console status arrived");
        hub.KeepAlive();
        await Eventually.True(() => Volatile.Read(ref received) == 2, "the keep-alive arrived");

        await cancel.CancelAsync();
        await reading;
    }
}
