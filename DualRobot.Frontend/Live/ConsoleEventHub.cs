using System.Net.ServerSentEvents;
using System.Text.Json;
using DualRobot.Frontend.RobotApi;

namespace DualRobot.Frontend.Live;

/// <summary>
/// The console's view of the fleet, fed by <see cref="RobotEventsRelay"/> from every api instance: the newest state
/// of each robot, which instance owns it and whether that instance is reachable, fanned out (<see cref="FanOut{T}"/>)
/// to every browser's <c>/events</c> stream; and for signed-in users' browsers the newest audit records
/// (<see cref="ActivityRelay"/>), which the Activity panel shows. One upstream connection of each serves any number
/// of browsers.
/// </summary>
/// <param name="time">The clock that says since when the api is (un)reachable, and the page's deadlines; the system's by default.</param>
public sealed class ConsoleEventHub(TimeProvider? time = null)
{
    public const string StateEvent = "state";
    public const string ConsoleEvent = "console";
    public const string KeepAliveEvent = "keepalive";
    public const string ActivityEvent = "activity";

    /// <summary>
    /// How long a browser waits before it reconnects a lost stream (the SSE <c>retry</c> field): a console replica
    /// that stops ends its streams, and the page is back on another replica this soon instead of the browser's own
    /// default (3 s in Chromium).
    /// </summary>
    public static readonly TimeSpan ReconnectAfter = TimeSpan.FromMilliseconds(500);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly FanOut<SseItem<string>> _subscribers = new();

    // Signed-in users' streams carry the audit records too; a viewer's buffer never holds records it may not see.
    private readonly FanOut<SseItem<string>> _signedIn = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Known> _states = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, bool> _reachable = new(StringComparer.OrdinalIgnoreCase);
    private readonly LatestActivity _activity = new(Apis.ActivityApi.Latest);
    private bool _apiKnown;
    private DateTimeOffset _since = (time ?? TimeProvider.System).GetUtcNow();

    /// <summary>Since when the api (any instance) has been reachable, or unreachable, as <see cref="ApiReachable"/> says.</summary>
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

    /// <summary>Whether the relay has tried an api instance yet: until then <see cref="ApiReachable"/> says nothing.</summary>
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

    /// <summary>Whether any api instance is reachable (with one api: whether it is).</summary>
    public bool ApiReachable
    {
        get
        {
            lock (_gate)
            {
                return _reachable.ContainsValue(true);
            }
        }
    }

    /// <summary>The newest known state of every robot (stale while its instance is unreachable).</summary>
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

    /// <summary>The instance whose stream last brought <paramref name="robot"/>'s state; null for a robot no instance has shown.</summary>
    public string? OwnerOf(string robot)
    {
        lock (_gate)
        {
            return _states.TryGetValue(robot, out var known) ? known.Instance : null;
        }
    }

    /// <summary>The robots last seen on <paramref name="instance"/>.</summary>
    public IReadOnlyList<string> RobotsOf(string instance)
    {
        lock (_gate)
        {
            return RobotsOfUnlocked(instance);
        }
    }

    /// <summary>Whether <paramref name="instance"/>'s event stream is live now.</summary>
    public bool IsReachable(string instance)
    {
        lock (_gate)
        {
            return _reachable.GetValueOrDefault(instance);
        }
    }

    /// <summary>
    /// A new upstream connection starts a new epoch for its instance: versions restart when an api restarts, so
    /// everything known of its robots is forgotten and browsers are told to do the same.
    /// </summary>
    public void SetApiReachable(string instance, bool reachable)
    {
        SseItem<string> status;
        lock (_gate)
        {
            _apiKnown = true;

            // "Still unreachable" is no news; "reachable" always is, since it starts an epoch.
            var was = _reachable.GetValueOrDefault(instance);
            if (!reachable && !was && _reachable.ContainsKey(instance))
            {
                return;
            }

            if (reachable)
            {
                foreach (var robot in RobotsOfUnlocked(instance))
                {
                    _states.Remove(robot);
                }
            }

            var anyBefore = _reachable.ContainsValue(true);
            _reachable[instance] = reachable;
            if (_reachable.ContainsValue(true) != anyBefore)
            {
                _since = _time.GetUtcNow();
            }

            status = ConsoleItem();
        }

        Broadcast(status);
    }

    /// <summary>Keeps the state if it is newer than what is known and relays the api's JSON as it came.</summary>
    public void Publish(string instance, RobotState state, string json)
    {
        lock (_gate)
        {
            if (_states.TryGetValue(state.Name, out var known) && known.Instance == instance && known.State.Version >= state.Version)
            {
                return;
            }

            _states[state.Name] = new Known(state, json, instance);
        }

        Broadcast(new SseItem<string>(json, StateEvent));
    }

    /// <summary>
    /// An audit record as <paramref name="instance"/> sent it (JSON), named as that instance's (each numbers its own
    /// trail); passed on when it is among the newest.
    /// </summary>
    public void PublishActivity(string json, string? instance = null)
    {
        string? kept;
        lock (_gate)
        {
            kept = _activity.Add(json, instance);
        }

        if (kept is not null)
        {
            _signedIn.Publish(new SseItem<string>(kept, ActivityEvent));
        }
    }

    /// <summary>
    /// Passes an api's keep-alive on to every browser, so proxies between them and the console keep the stream open on
    /// a quiet fleet. Pages have no listener for it.
    /// </summary>
    public void KeepAlive() => Broadcast(new SseItem<string>("{}", KeepAliveEvent));

    /// <summary>
    /// The console status first, then every known state (and with <paramref name="activity"/> the newest audit
    /// records, oldest first), then every change until cancelled.
    /// </summary>
    /// <param name="activity">Whether the subscriber may see the audit records: signed-in users only.</param>
    public IAsyncEnumerable<SseItem<string>> SubscribeAsync(CancellationToken cancellationToken, bool activity = false) =>
        (activity ? _signedIn : _subscribers).SubscribeAsync(() =>
        {
            lock (_gate)
            {
                IEnumerable<SseItem<string>> records = activity ? _activity.Records.Select(json => new SseItem<string>(json, ActivityEvent)).ToList() : [];
                return [ConsoleItem() with { ReconnectionInterval = ReconnectAfter }, .. _states.Values.Select(entry => new SseItem<string>(entry.Json, StateEvent)), .. records];
            }
        }, cancellationToken);

    private void Broadcast(SseItem<string> item)
    {
        _subscribers.Publish(item);
        _signedIn.Publish(item);
    }

    private List<string> RobotsOfUnlocked(string instance) =>
        _states.Values.Where(known => string.Equals(known.Instance, instance, StringComparison.OrdinalIgnoreCase)).Select(known => known.State.Name).ToList();

    /// <summary>
    /// The console's status (under the gate): whether any api is reachable and since when, which robots' instances are not (the page
    /// marks only those unreachable), and the console's clock (the page's commands name their deadline in it).
    /// </summary>
    private SseItem<string> ConsoleItem() => new(JsonSerializer.Serialize(new
    {
        apiReachable = _reachable.ContainsValue(true),
        since = _since,
        unreachable = _states.Values.Where(known => !_reachable.GetValueOrDefault(known.Instance)).Select(known => known.State.Name).Order(StringComparer.Ordinal),
        time = _time.GetUtcNow().ToUnixTimeMilliseconds(),
    }, Json), ConsoleEvent);

    private sealed record Known(RobotState State, string Json, string Instance);
}
