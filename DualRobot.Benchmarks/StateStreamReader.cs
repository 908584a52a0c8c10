using System.Diagnostics;
using System.Net.Http.Headers;

namespace DualRobot.Benchmarks;

/// <summary>
/// One plain HTTP reader of a Server-Sent Events stream of robot states (the api's <c>/robots/events</c> or the
/// console's <c>/events</c>): records every state it reads as (robot, version, arrival timestamp), nothing else.
/// </summary>
public sealed class StateStreamReader(IReadOnlyDictionary<string, int> robots)
{
    private const string NameField = "\"name\":\"";
    private const string VersionField = "\"version\":";

    private readonly List<(int Robot, long Version, long At)> _states = [];

    /// <summary>States read so far; only read it after <see cref="RunAsync"/> has ended or between windows.</summary>
    public IReadOnlyList<(int Robot, long Version, long At)> States => _states;

    /// <summary>How many states have arrived (safe to poll while reading).</summary>
    public int Count => Volatile.Read(ref _count);

    private int _count;

    /// <summary>Reads until cancelled or the stream ends; the returned task completes once the response headers are in.</summary>
    public async Task<Task> StartAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        return RunAsync(request, response, cancellationToken);
    }

    private async Task RunAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var _ = request;
        using var __ = response;
        try
        {
            using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            var inState = false;
            while (await stream.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    inState = line.AsSpan(6).Trim().SequenceEqual("state");
                }
                else if (inState && line.StartsWith("data:", StringComparison.Ordinal) && Parse(line) is var (robot, version))
                {
                    _states.Add((robot, version, Stopwatch.GetTimestamp()));
                    Interlocked.Increment(ref _count);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            // The measure is over (or the server went away: what was read so far is what counts).
        }
    }

    private (int Robot, long Version)? Parse(string line)
    {
        var name = line.IndexOf(NameField, StringComparison.Ordinal);
        var version = line.IndexOf(VersionField, StringComparison.Ordinal);
        if (name < 0 || version < 0)
        {
            return null;
        }

        name += NameField.Length;
        var end = line.IndexOf('"', name);
        if (end < 0 || !robots.TryGetValue(line[name..end], out var robot))
        {
            return null;
        }

        version += VersionField.Length;
        long value = 0;
        for (var i = version; i < line.Length && char.IsAsciiDigit(line[i]); i++)
        {
            value = value * 10 + (line[i] - '0');
        }

        return (robot, value);
    }
}
