using System.Net.ServerSentEvents;

namespace DualRobot.Api.Robots;

/// <summary>
/// Fans every robot state change out to the <c>/robots/events</c> subscribers (<see cref="FanOut{T}"/>: a slow
/// browser never slows a robot).
/// </summary>
/// <param name="recorder">Records every published state; null where nothing is recorded (some tests).</param>
public sealed class RobotEventHub(Recording.FlightRecorder? recorder = null)
{
    /// <summary>A robot's whole state.</summary>
    public const string StateEvent = "state";

    /// <summary>Empty data: only says the stream is alive. Subscribers ignore it beyond that.</summary>
    public const string KeepAliveEvent = "keepalive";

    private static readonly SseItem<RobotState?> KeepAlive = new(null, KeepAliveEvent);
    private readonly FanOut<SseItem<RobotState?>> _subscribers = new();

    public int SubscriberCount => _subscribers.SubscriberCount;

    public void Publish(RobotState state)
    {
        recorder?.Record(state);
        _subscribers.Publish(new SseItem<RobotState?>(state, StateEvent));
    }

    public void PublishKeepAlive() => _subscribers.Publish(KeepAlive);

    /// <summary>Streams <paramref name="initial"/> first, then every change and keep-alive until cancelled.</summary>
    public IAsyncEnumerable<SseItem<RobotState?>> SubscribeAsync(Func<IEnumerable<RobotState>> initial, CancellationToken cancellationToken) =>
        _subscribers.SubscribeAsync(() => initial().Select(state => new SseItem<RobotState?>(state, StateEvent)), cancellationToken);
}
