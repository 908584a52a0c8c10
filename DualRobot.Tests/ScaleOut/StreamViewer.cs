using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace DualRobot.Tests.ScaleOut;

/// <summary>
/// A viewer of the console's <c>/events</c>, reconnecting like a browser's EventSource: after the stream's
/// <c>retry</c> (3 s, Chromium's default, until the console names one) it opens a new one. Records every robot state
/// it receives and, for every stream it lost, how long until the next one brought its first event.
/// </summary>
public sealed class StreamViewer(HttpClient http, Uri events)
{
    private static readonly TimeSpan BrowserDefaultRetry = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private readonly HashSet<(string Robot, long Version)> _states = [];
    private readonly List<(string Robot, long Version)> _arrivals = [];
    private readonly List<TimeSpan> _gaps = [];
    private long _lostAt;

    /// <summary>Streams that brought at least one event.</summary>
    public int Streams { get; private set; }

    /// <summary>Whether the current stream is open and has brought its first event.</summary>
    public bool Connected { get; private set; }

    /// <summary>For each lost stream, the time until the next one's first event.</summary>
    public IReadOnlyList<TimeSpan> Gaps
    {
        get
        {
            lock (_gate)
            {
                return [.. _gaps];
            }
        }
    }

    /// <summary>How many states arrived so far: a mark for <see cref="StatesSince"/>.</summary>
    public int Received
    {
        get
        {
            lock (_gate)
            {
                return _arrivals.Count;
            }
        }
    }

    /// <summary>The states that arrived after <paramref name="mark"/> (<see cref="Received"/>), in order.</summary>
    public IReadOnlyList<(string Robot, long Version)> StatesSince(int mark)
    {
        lock (_gate)
        {
            return _arrivals[mark..];
        }
    }

    public bool Saw(string robot, long version)
    {
        lock (_gate)
        {
            return _states.Contains((robot, version));
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retry = BrowserDefaultRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync(events, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                    var parser = SseParser.Create(stream);
                    await foreach (var item in parser.EnumerateAsync(cancellationToken))
                    {
                        if (!Connected)
                        {
                            Opened();
                        }

                        if (parser.ReconnectionInterval > TimeSpan.Zero && parser.ReconnectionInterval != Timeout.InfiniteTimeSpan)
                        {
                            retry = parser.ReconnectionInterval;
                        }

                        if (item.EventType == "state")
                        {
                            using var json = JsonDocument.Parse(item.Data);
                            lock (_gate)
                            {
                                var state = (json.RootElement.GetProperty("name").GetString()!, json.RootElement.GetProperty("version").GetInt64());
                                _states.Add(state);
                                _arrivals.Add(state);
                            }
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException
                                              || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Lost, as a browser would see it: try again after the retry.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Lost();
            try
            {
                await Task.Delay(retry, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Opened()
    {
        lock (_gate)
        {
            if (_lostAt != 0)
            {
                _gaps.Add(Stopwatch.GetElapsedTime(_lostAt));
            }

            Connected = true;
            Streams++;
        }
    }

    private void Lost()
    {
        lock (_gate)
        {
            if (Connected)
            {
                _lostAt = Stopwatch.GetTimestamp();
            }

            Connected = false;
        }
    }
}
