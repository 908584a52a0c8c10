using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace DualRobot.Api.Robots;

/// <summary>
/// Fans every robot state change out to the <c>/robots/events</c> subscribers. Each subscriber has a small
/// buffer that drops its oldest entries when it cannot keep up: a slow browser never slows a robot, and since
/// every event is a whole state, the newest one is all it needs.
/// </summary>
public sealed class RobotEventHub
{
    private const int SubscriberBuffer = 256;
    private readonly ConcurrentDictionary<Channel<RobotState>, byte> _subscribers = new();

    public int SubscriberCount => _subscribers.Count;

    public void Publish(RobotState state)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(state);
        }
    }

    /// <summary>Streams <paramref name="initial"/> first, then every change until cancelled.</summary>
    public async IAsyncEnumerable<RobotState> SubscribeAsync(
        Func<IEnumerable<RobotState>> initial,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<RobotState>(new BoundedChannelOptions(SubscriberBuffer)
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
                yield return state;
            }

            await foreach (var state in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return state;
            }
        }
        finally
        {
            _subscribers.TryRemove(channel, out _);
        }
    }
}
