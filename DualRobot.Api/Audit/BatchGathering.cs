using System.Threading.Channels;

namespace DualRobot.Api.Audit;

/// <summary>
/// How the audit and recording writers pace their batches: after writing one, the next gathers for
/// <see cref="Interval"/> (unless a full batch is already waiting) instead of being taken as soon as one entry is
/// there. Under load a writer that woke for every entry wrote batches of a few rows, each paying its own transaction,
/// statement preparation and fsync; a profile of drives at saturation found a quarter of the api's CPU per command
/// in those two writers (issue 29). Entries reach the store at most one interval later; nothing waits for them.
/// </summary>
internal static class BatchGathering
{
    /// <summary>Short beside anything that reads the stores back (a person, a replay), long beside a transaction.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Waits <see cref="Interval"/> of real time, or nothing if <paramref name="pending"/> holds a whole batch. Real
    /// time, not the writer's clock: this paces disk writes and decides nothing, and a test's frozen fake clock must
    /// not hold its writer up. Returns early, without throwing, when <paramref name="stopping"/> is cancelled.
    /// </summary>
    public static Task GatherAsync<T>(ChannelReader<T> pending, int batch, CancellationToken stopping) =>
        GatherAsync(pending, batch, Interval, stopping);

    /// <summary>As above, waiting <paramref name="interval"/> instead of <see cref="Interval"/>.</summary>
    public static async Task GatherAsync<T>(ChannelReader<T> pending, int batch, TimeSpan interval, CancellationToken stopping)
    {
        if (pending.CanCount && pending.Count >= batch)
        {
            return;
        }

        try
        {
            await Task.Delay(interval, stopping);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the writer drains what is queued at once.
        }
    }
}
