using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Fans every item out to each subscriber's own small buffer, which drops its oldest entries when the subscriber cannot
/// keep up: a slow reader never slows the writer, and since every item is whole (a robot's whole state), the newest is
/// all a reader needs. The api's <c>/robots/events</c> and the console's <c>/events</c> both stream through one.
/// </summary>
public sealed class FanOut<T>(int subscriberBuffer = 256)
{
    private readonly ConcurrentDictionary<Channel<T>, byte> _subscribers = new();

    public int SubscriberCount => _subscribers.Count;

    public void Publish(T item)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(item);
        }
    }

    /// <summary>
    /// Subscribes, then streams <paramref name="initial"/> (taken after subscribing, so no item falls between the two;
    /// a duplicate is harmless to a reader that keeps the newest) and every item published after, until cancelled.
    /// </summary>
    public async IAsyncEnumerable<T> SubscribeAsync(Func<IEnumerable<T>> initial, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(subscriberBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

        _subscribers.TryAdd(channel, 0);
        try
        {
            foreach (var item in initial())
            {
                yield return item;
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
}
