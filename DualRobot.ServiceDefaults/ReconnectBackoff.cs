namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The wait between attempts of a loop that keeps a link up (the api's pigpiod socket, the console's event stream):
/// <see cref="Min"/> after a loss, doubling with each failed attempt up to <see cref="Max"/>, back to
/// <see cref="Min"/> once the link works again. Waits run on a <see cref="TimeProvider"/>, so tests advance them.
/// Not Polly: a retry pipeline wraps one operation, while these loops live as long as the process and decide
/// themselves when an attempt counts as recovered.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeProvider _time;

    public ReconnectBackoff(TimeSpan min, TimeSpan max, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(min, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        ArgumentNullException.ThrowIfNull(time);
        (Min, Max, _time, Delay) = (min, max, time, min);
    }

    public TimeSpan Min { get; }

    public TimeSpan Max { get; }

    /// <summary>The wait before the next attempt.</summary>
    public TimeSpan Delay { get; private set; }

    /// <summary>The link works again: the next loss is retried after <see cref="Min"/>.</summary>
    public void Reset() => Delay = Min;

    /// <summary>Waits <see cref="Delay"/>, then doubles it (up to <see cref="Max"/>) for the attempt after.</summary>
    /// <returns>False when <paramref name="cancellationToken"/> ended the wait.</returns>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Delay, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        Delay = TimeSpan.FromTicks(Math.Min(Delay.Ticks * 2, Max.Ticks));
        return true;
    }
}
