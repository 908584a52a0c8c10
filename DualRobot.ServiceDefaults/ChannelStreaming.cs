using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Microsoft.Extensions.Hosting;

public static class ChannelStreaming
{
    /// <summary>
    /// Reads until <paramref name="cancellationToken"/> is cancelled (the client went away or the host is stopping),
    /// then ends: an event stream that ends for either reason is a normal end, not an error that would reach the
    /// exception handler and be logged once per open stream on every rollout.
    /// </summary>
    public static async IAsyncEnumerable<T> ReadUntilCancelledAsync<T>(
        this ChannelReader<T> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (!await reader.WaitToReadAsync(cancellationToken))
                {
                    yield break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            while (reader.TryRead(out var item))
            {
                yield return item;
            }
        }
    }
}
