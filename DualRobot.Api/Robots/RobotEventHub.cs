using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace DualRobot.Api.Robots;

/// <summary>
/// Fans every robot state change out to the <c>/robots/events</c> subscribers. Each subscriber has a small
/// buffer that drops its oldest entries when it cannot keep up: a slow browser never slows a robot, and since
/// every event is a whole state, the newest one is all it needs.
/// </summary>
/// <param name="recorder">Records every published state; null where nothing is recorded (some tests).</param>
public sealed class RobotEventHub(Recording.FlightRecorder? recorder = null)
{
    /// <summary>A robot's whole state.</summary>
    public const string StateEvent = "state";

    /// <summary>Empty data: only says the stream is alive. Subscribers ignore it beyond that.</summary>
    public const string KeepAliveEvent = "keepalive";

    private const int SubscriberBuffer = 256;
    private static readonly SseItem<RobotState?> KeepAlive = new(null, KeepAliveEvent);
    private readonly ConcurrentDictionary<Channel<SseItem<RobotState?>>, byte> _subscribers = new();

    public int SubscriberCount => _subscribers.Count;

    public void Publish(RobotState state)
    {
        recorder?.Record(state);
        Broadcast(new SseItem<RobotState?>(state, StateEvent));
    }

    public void PublishKeepAlive() => Broadcast(KeepAlive);

    /// <summary>Streams <paramref name="initial"/> first, then every change and keep-alive until cancelled.</summary>
    public async IAsyncEnumerable<SseItem<RobotState?>> SubscribeAsync(
        Func<IEnumerable<RobotState>> initial,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<SseItem<RobotState?>>(new BoundedChannelOptions(SubscriberBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

        // Subscribe before taking the snapshot so no change falls between the two; duplicates are harmless
        // because clients keep the highest version.
        _subscribers.TryAdd(channel, 0);
        try
        {
            foreach (var state in initial())
            {
                yield return new SseItem<RobotState?>(state, StateEvent);
            }

            await foreach (var item in channel.Reader.ReadUntilCancelledAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            _subscribers.TryRemove(channel, out _);
        }
    }

    private void Broadcast(SseItem<RobotState?> item)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(item);
        }
    }
}
