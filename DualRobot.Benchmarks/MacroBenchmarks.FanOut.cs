using System.Diagnostics;
using System.Globalization;

namespace DualRobot.Benchmarks;

/// <summary>
/// The console's <c>/events</c> fan-out (issue 13, point 6): N plain HTTP viewers of one frontend while robots move
/// and publish their pose, every state checked at every viewer, and the cost in the frontend and api processes.
/// </summary>
public sealed partial class MacroBenchmarks
{
    private sealed record FanOutResult(
        int Viewers,
        int Robots,
        TimeSpan Elapsed,
        int Expected,
        long Missing,
        long OutOfOrder,
        LatencyStats ToLastViewer,
        LatencyStats ToEachViewer,
        double FrontendCpu,
        double ApiCpu,
        long FrontendRssBefore,
        long FrontendRssPeak,
        long ApiRssPeak);

    private TimeSpan FanOutWindow => settings.Mode switch { "smoke" => TimeSpan.FromSeconds(1), "quick" => TimeSpan.FromSeconds(4), _ => TimeSpan.FromSeconds(15) };

    /// <summary>
    /// <paramref name="viewers"/> readers of the frontend's <c>/events</c> and one direct reader of the api's
    /// <c>/robots/events</c> (the reference: when a state left the api, as near as this process can see it). Every
    /// robot in <paramref name="movers"/> moves under a velocity command renewed every 2 s, so the api publishes its
    /// pose every Events:PoseInterval. Each state the direct reader saw in the window must reach every viewer, in
    /// version order; "time to the last viewer" is, per state, the latest viewer's arrival minus the direct reader's.
    /// </summary>
    private Task<FanOutResult> RunFanOutAsync(
        ServiceProcess frontend, ServiceProcess api, HttpClient apiHttp, IReadOnlyList<string> movers, int viewers) =>
        RunFanOutAsync([frontend], api, apiHttp, movers, viewers);

    /// <summary>
    /// As above, the viewers spread round robin over <paramref name="frontends"/> (console replicas behind a load
    /// balancer); CPU is their sum, RSS the largest.
    /// </summary>
    private async Task<FanOutResult> RunFanOutAsync(
        IReadOnlyList<ServiceProcess> frontends, ServiceProcess api, HttpClient apiHttp, IReadOnlyList<string> movers, int viewers)
    {
        var robots = movers.Select((name, index) => (name, index)).ToDictionary(e => e.name, e => e.index, StringComparer.Ordinal);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        using var stop = new CancellationTokenSource();
        var rssBefore = frontends.Max(f => f.RssBytes());

        var direct = new StateStreamReader(robots);
        var readers = new List<Task> { await direct.StartAsync(http, new Uri(api.BaseAddress, "robots/events").ToString(), stop.Token) };
        var views = Enumerable.Range(0, viewers).Select(_ => new StateStreamReader(robots)).ToList();
        var eventsUris = frontends.Select(f => new Uri(f.BaseAddress, "events").ToString()).ToList();
        // In batches, as a crowd of browsers would not all arrive in the same millisecond.
        var next = 0;
        foreach (var batch in views.Chunk(50))
        {
            readers.AddRange(await Task.WhenAll(batch.Select(v => v.StartAsync(http, eventsUris[next++ % eventsUris.Count], stop.Token))));
        }

        // Every viewer has its snapshot (each robot's current state) before the window opens.
        await WaitUntilAsync(() => views.All(v => v.Count >= movers.Count) && direct.Count >= movers.Count, TimeSpan.FromSeconds(30));
        var snapshot = views.Select(v => v.Count).ToArray();
        var directSnapshot = direct.Count;

        var apiCpu = api.CpuTime();
        var frontendCpu = FrontendsCpu(frontends);
        long rssPeak = 0, apiRssPeak = 0;
        var started = Stopwatch.GetTimestamp();
        var nextRenewal = TimeSpan.Zero;
        while (Stopwatch.GetElapsedTime(started) is var elapsed && elapsed < FanOutWindow)
        {
            if (elapsed >= nextRenewal)
            {
                await Task.WhenAll(movers.Select(name => Send(apiHttp, HttpMethod.Post, $"robots/{name}/velocity", MoveAll)));
                nextRenewal += TimeSpan.FromSeconds(2);
            }

            rssPeak = Math.Max(rssPeak, frontends.Max(f => f.RssBytes()));
            apiRssPeak = Math.Max(apiRssPeak, api.RssBytes());
            await Task.Delay(250);
        }

        await Task.WhenAll(movers.Select(name => Send(apiHttp, HttpMethod.Post, $"robots/{name}/drive", Stop)));
        var window = Stopwatch.GetElapsedTime(started);
        var frontendShare = (FrontendsCpu(frontends) - frontendCpu) / window;
        var apiShare = (api.CpuTime() - apiCpu) / window;

        // Drained: the stop's state (the direct reader's last) has reached every viewer, or a generous bound passed.
        await Task.Delay(200);
        var expectedCount = direct.Count;
        await WaitUntilAsync(() => views.Select((v, i) => v.Count - snapshot[i]).All(n => n >= expectedCount - directSnapshot), TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        var expected = direct.States.Skip(directSnapshot).ToList();
        var reference = expected.ToDictionary(s => (s.Robot, s.Version), s => s.At);
        var toEach = new List<double>();
        var last = new Dictionary<(int, long), long>();
        long missing = 0, outOfOrder = 0;
        foreach (var view in views)
        {
            var got = new HashSet<(int, long)>();
            var previous = new long[movers.Count];
            Array.Fill(previous, -1);
            foreach (var (robot, version, at) in view.States)
            {
                if (version <= previous[robot])
                {
                    outOfOrder++;
                }

                previous[robot] = version;
                if (reference.TryGetValue((robot, version), out var sent) && got.Add((robot, version)))
                {
                    toEach.Add(Stopwatch.GetElapsedTime(sent, at).TotalMicroseconds);
                    last[(robot, version)] = Math.Max(last.GetValueOrDefault((robot, version), long.MinValue), at);
                }
            }

            missing += expected.Count - got.Count;
        }

        var toLast = last.Select(e => Stopwatch.GetElapsedTime(reference[e.Key], e.Value).TotalMicroseconds);
        return new FanOutResult(viewers, movers.Count, window, expected.Count, missing, outOfOrder,
            new LatencyStats(toLast, window), new LatencyStats(toEach, window), frontendShare, apiShare, rssBefore, rssPeak, apiRssPeak);
    }

    private static TimeSpan FrontendsCpu(IEnumerable<ServiceProcess> frontends) =>
        frontends.Aggregate(TimeSpan.Zero, (sum, frontend) => sum + frontend.CpuTime());

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan bound)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition() && Stopwatch.GetElapsedTime(started) < bound)
        {
            await Task.Delay(20);
        }
    }

    /// <summary>Point 6, fan-out: one robot moving on the console's own 2-robot api, 100 and 1,000 viewers.</summary>
    private async Task MeasureFanOutAsync(FrontendStack front)
    {
        int[] counts = settings.Mode switch { "smoke" => [10], "quick" => [100, 1000], _ => [100, 1000] };
        foreach (var viewers in counts)
        {
            Log($"fan-out: {viewers} viewers of the console's /events, {Robot} moving for {FanOutWindow.TotalSeconds:0.#} s");
            var r = await RunFanOutAsync(front.Frontend, front.Api, front.ApiHttp, [Robot], viewers);
            AddFanOutRows($"Fan-out, {viewers} viewers of one frontend", $"{Robot} moving (velocity, pose every 100 ms), {viewers} plain HTTP /events readers, {r.Elapsed.TotalSeconds:0.#} s", r);
            if (viewers == 1000 || settings.Smoke)
            {
                var met = r.Missing == 0 && r.OutOfOrder == 0 && r.ToLastViewer.P99 <= 250_000;
                _targets.Add(new Target($"Fan-out to {viewers} viewers: every state, time to the last viewer p99", "every state, in order; p99 ≤ 250 ms",
                    $"{Delivered(r)}; p99 {Ms(r.ToLastViewer.P99)} (p50 {Ms(r.ToLastViewer.P50)}); frontend CPU {r.FrontendCpu * 100:0} % of one core, RSS {Mb(r.FrontendRssPeak)}",
                    met));
            }
        }
    }

    /// <summary>Point 6, fleet: the 128-robot api with a console in front of it, every robot moving, 100 viewers.</summary>
    private async Task MeasureFleetViewersAsync(Fleet fleet, string frontendDll)
    {
        var viewers = settings.Smoke ? 10 : 100;
        Log($"{fleet.Size} robots moving, {viewers} viewers of a console wired to that api, {FanOutWindow.TotalSeconds:0.#} s");
        await using var frontend = await FrontendStack.StartFrontendAsync(frontendDll, fleet.Api.BaseAddress);
        var r = await RunFanOutAsync(frontend, fleet.Api, fleet.Http, fleet.Names, viewers);
        AddFanOutRows($"{fleet.Size} robots moving, {viewers} viewers", $"every robot under a velocity command, pose every 100 ms, {viewers} /events readers of one frontend, {r.Elapsed.TotalSeconds:0.#} s", r);
        _targets.Add(new Target($"{fleet.Size} robots moving with {viewers} viewers: api and frontend CPU and RSS", "none set (reported)",
            $"api CPU {r.ApiCpu * 100:0} % of one core, RSS {Mb(r.ApiRssPeak)}; frontend CPU {r.FrontendCpu * 100:0} %, RSS {Mb(r.FrontendRssPeak)}; {Delivered(r)}", null));
    }

    private void AddFanOutRows(string measure, string setting, FanOutResult r)
    {
        _rows.Add(new Row(measure + ": api → last viewer", setting, r.ToLastViewer, $"{r.Expected / r.Elapsed.TotalSeconds:N0} states/s",
            $"{Delivered(r)}; frontend CPU {r.FrontendCpu * 100:0.0} % of one core, RSS {Mb(r.FrontendRssBefore)} before viewers, peak {Mb(r.FrontendRssPeak)}; api CPU {r.ApiCpu * 100:0.0} %, RSS peak {Mb(r.ApiRssPeak)}",
            "clock starts when the harness's direct /robots/events reader gets the state"));
        _rows.Add(new Row(measure + ": api → each viewer", setting, r.ToEachViewer, $"n={r.ToEachViewer.Count:N0} deliveries", "", ""));
    }

    private static string Delivered(FanOutResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Expected:N0} states × {r.Viewers:N0} viewers, {r.Missing:N0} missing, {r.OutOfOrder:N0} out of order");
}
