namespace DualRobot.Api.Audit;

/// <summary>
/// Every audit record once it is in the store, with its id, fanned out to the <c>/audit/events</c> subscribers (the
/// console's Activity panel): a record of counted refusals comes again, under the same id, each time its count grew.
/// A slow subscriber loses its oldest records (<see cref="FanOut{T}"/>), never slows the writer.
/// </summary>
public sealed class AuditFeed
{
    private readonly FanOut<AuditRecord> _subscribers = new();

    public int SubscriberCount => _subscribers.SubscriberCount;

    public void Publish(IEnumerable<AuditRecord> written)
    {
        foreach (var record in written)
        {
            _subscribers.Publish(record);
        }
    }

    /// <summary>Streams <paramref name="initial"/> first, then every record written until cancelled.</summary>
    public IAsyncEnumerable<AuditRecord> SubscribeAsync(Func<IEnumerable<AuditRecord>> initial, CancellationToken cancellationToken) =>
        _subscribers.SubscribeAsync(initial, cancellationToken);
}
