using System.Net.ServerSentEvents;
using System.Text.Json;
using DualRobot.Frontend.RobotApi;

namespace DualRobot.Frontend.Live;

/// <summary>
/// The console's view of the fleet, fed by <see cref="RobotEventsRelay"/>: the newest state of each robot and
/// whether the api is reachable, fanned out (<see cref="FanOut{T}"/>) to every browser's <c>/events</c> stream. One
/// upstream connection serves any number of browsers.
/// </summary>
public sealed class ConsoleEventHub
{
    public const string StateEvent = "state";
    public const string ConsoleEvent = "console";
    public const string KeepAliveEvent = "keepalive";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly FanOut<SseItem<string>> _subscribers = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (RobotState State, string Json)> _states = new(StringComparer.OrdinalIgnoreCase);
    private bool _apiReachable;

    public bool ApiReachable
    {
        get
        {
            lock (_gate)
            {
                return _apiReachable;
            }
        }
    }

    /// <summary>The newest known state of every robot (stale while the api is unreachable).</summary>
    public IReadOnlyList<RobotState> States
    {
        get
        {
            lock (_gate)
            {
                return _states.Values.Select(entry => entry.State).ToList();
            }
        }
    }

    /// <summary>
    /// A new upstream connection starts a new epoch: versions restart when the api restarts, so everything
    /// known is forgotten and browsers are told to do the same.
    /// </summary>
    public void SetApiReachable(bool reachable)
    {
        lock (_gate)
        {
            // "Still unreachable" is no news; "reachable" always is, since it starts an epoch.
            if (!reachable && !_apiReachable)
            {
                return;
            }

            if (reachable)
            {
                _states.Clear();
            }

            _apiReachable = reachable;
        }

        Broadcast(ConsoleItem(reachable));
    }

    /// <summary>Keeps the state if it is newer than what is known and relays the api's JSON as it came.</summary>
    public void Publish(RobotState state, string json)
    {
        lock (_gate)
        {
            if (_states.TryGetValue(state.Name, out var known) && known.State.Version >= state.Version)
            {
                return;
            }

            _states[state.Name] = (state, json);
        }

        Broadcast(new SseItem<string>(json, StateEvent));
    }

    /// <summary>
    /// Passes the api's keep-alive on to every browser, so proxies between them and the console keep the
    /// stream open on a quiet fleet. Pages have no listener for it.
    /// </summary>
    public void KeepAlive() => Broadcast(new SseItem<string>("{}", KeepAliveEvent));

    /// <summary>The console status first, then every known state, then every change until cancelled.</summary>
    public IAsyncEnumerable<SseItem<string>> SubscribeAsync(CancellationToken cancellationToken) => _subscribers.SubscribeAsync(() =>
    {
        lock (_gate)
        {
            return [ConsoleItem(_apiReachable), .. _states.Values.Select(entry => new SseItem<string>(entry.Json, StateEvent))];
        }
    }, cancellationToken);

    private void Broadcast(SseItem<string> item) => _subscribers.Publish(item);

    private static SseItem<string> ConsoleItem(bool apiReachable) =>
        new(JsonSerializer.Serialize(new { apiReachable }, Json), ConsoleEvent);
}
