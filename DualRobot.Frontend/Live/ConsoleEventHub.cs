using System.Net.ServerSentEvents;
using System.Text.Json;
using DualRobot.Frontend.RobotApi;

namespace DualRobot.Frontend.Live;

/// <summary>
/// The console's view of the fleet, fed by <see cref="RobotEventsRelay"/>: the newest state of each robot and
/// whether the api is reachable, fanned out (<see cref="FanOut{T}"/>) to every browser's <c>/events</c> stream; and
/// for signed-in users' browsers the newest audit records (<see cref="ActivityRelay"/>), which the Activity panel
/// shows. One upstream connection of each serves any number of browsers.
/// </summary>
/// <param name="time">The clock that says since when the api is (un)reachable; the system's by default.</param>
public sealed class ConsoleEventHub(TimeProvider? time = null)
{
    public const string StateEvent = "state";
    public const string ConsoleEvent = "console";
    public const string KeepAliveEvent = "keepalive";
    public const string ActivityEvent = "activity";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly FanOut<SseItem<string>> _subscribers = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (RobotState State, string Json)> _states = new(StringComparer.OrdinalIgnoreCase);
    private readonly LatestActivity _activity = new(Apis.ActivityApi.Latest);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private bool _apiReachable;
    private bool _apiKnown;
    private DateTimeOffset _since = (time ?? TimeProvider.System).GetUtcNow();

    /// <summary>Since when the api has been reachable, or unreachable, as <see cref="ApiReachable"/> says.</summary>
    public DateTimeOffset Since
    {
        get
        {
            lock (_gate)
            {
                return _since;
            }
        }
    }

    /// <summary>Whether the relay has tried the api yet: until then <see cref="ApiReachable"/> says nothing.</summary>
    public bool ApiKnown
    {
        get
        {
            lock (_gate)
            {
                return _apiKnown;
            }
        }
    }

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
            _apiKnown = true;

            // "Still unreachable" is no news; "reachable" always is, since it starts an epoch.
            if (!reachable && !_apiReachable)
            {
                return;
            }

            if (reachable)
            {
                _states.Clear();
            }

            if (reachable != _apiReachable)
            {
                _since = _time.GetUtcNow();
            }

            _apiReachable = reachable;
        }

        Broadcast(ConsoleItem(reachable, Since));
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

    /// <summary>An audit record as the api sent it (JSON); passed on when it is among the newest.</summary>
    public void PublishActivity(string json)
    {
        lock (_gate)
        {
            if (!_activity.Add(json))
            {
                return;
            }
        }

        Broadcast(new SseItem<string>(json, ActivityEvent));
    }

    /// <summary>
    /// Passes the api's keep-alive on to every browser, so proxies between them and the console keep the
    /// stream open on a quiet fleet. Pages have no listener for it.
    /// </summary>
    public void KeepAlive() => Broadcast(new SseItem<string>("{}", KeepAliveEvent));

    /// <summary>
    /// The console status first, then every known state (and with <paramref name="activity"/> the newest audit
    /// records, oldest first), then every change until cancelled.
    /// </summary>
    /// <param name="activity">Whether the subscriber may see the audit records: signed-in users only.</param>
    public async IAsyncEnumerable<SseItem<string>> SubscribeAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, bool activity = false)
    {
        var items = _subscribers.SubscribeAsync(() =>
        {
            lock (_gate)
            {
                IEnumerable<SseItem<string>> records = activity ? _activity.Records.Select(json => new SseItem<string>(json, ActivityEvent)).ToList() : [];
                return [ConsoleItem(_apiReachable, _since), .. _states.Values.Select(entry => new SseItem<string>(entry.Json, StateEvent)), .. records];
            }
        }, cancellationToken);
        await foreach (var item in items)
        {
            if (activity || item.EventType != ActivityEvent)
            {
                yield return item;
            }
        }
    }

    private void Broadcast(SseItem<string> item) => _subscribers.Publish(item);

    private static SseItem<string> ConsoleItem(bool apiReachable, DateTimeOffset since) =>
        new(JsonSerializer.Serialize(new { apiReachable, since }, Json), ConsoleEvent);
}
