using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace DualRobot.Benchmarks;

/// <summary>
/// Issue 32, point 5 (<c>--shards-only</c>): 64 simulated robots on one api instance against the same 64 split over
/// two api instances (<c>Shard:Name</c> api-0 and api-1, <c>Robots:&lt;name&gt;:Shard</c> alternating), each setup
/// behind a console of its own (<c>Api:BaseAddress</c>, or <c>Api:Instances</c> naming both), one operator signed in on
/// each, all started first and measured in interleaved rounds. Per round and setup: drives on the console's command
/// socket paced at 500/s, round robin over the 64 robots (each robot's direction alternating on its turns), beside
/// the same drives sent straight to the robot's own api (the baseline); then 8 clients in closed loop on the console's
/// <c>POST /control/{robot}/drive</c>. On one machine both instances share its cores: this shows what the console's
/// routing over instances costs, not what a second node would add.
/// </summary>
public sealed partial class MacroBenchmarks
{
    private const int ShardedFleetSize = 64;

    private static readonly string[] ShardNames = ["api-0", "api-1"];

    /// <summary>One setup: its console, the signed-in operator's session and socket, and the api that drives each robot.</summary>
    private sealed record ShardSetup(
        string Name, ServiceProcess Console, HttpClient Session, ClientWebSocket Socket, IReadOnlyList<Fleet> Apis,
        IReadOnlyDictionary<string, HttpClient> Direct)
    {
        public IEnumerable<ServiceProcess> Servers => Apis.Select(a => a.Api).Prepend(Console);
    }

    private async Task<string> RunShardsOnlyAsync(string apiDll, string frontendDll)
    {
        Log($"shards: {ShardedFleetSize} robots on one api vs over two, each behind its own console");
        await using var one = await Fleet.StartAsync(apiDll, ShardedFleetSize);
        var sharded = new List<Fleet>();
        var disposables = new List<IDisposable>();
        try
        {
            foreach (var shard in ShardNames)
            {
                sharded.Add(await Fleet.StartAsync(apiDll, ShardedFleetSize, (names, environment) =>
                {
                    environment["Shard__Name"] = shard;
                    for (var i = 0; i < names.Count; i++)
                    {
                        environment[$"Robots__{names[i]}__Shard"] = ShardNames[i % ShardNames.Length];
                    }
                }));
            }

            var robots = one.Names;
            await using var oneConsole = await FrontendStack.StartFrontendAsync(frontendDll, one.Api.BaseAddress);
            var instances = ShardNames.Select((shard, i) => (shard, sharded[i])).ToDictionary(
                e => $"Api__Instances__{e.shard}", e => e.Item2.Api.BaseAddress.ToString());
            await using var shardedConsole = await FrontendStack.StartFrontendAsync(frontendDll, sharded[0].Api.BaseAddress, settings: instances);

            async Task<ShardSetup> SetUpAsync(string name, ServiceProcess console, IReadOnlyList<Fleet> apis, Func<int, Fleet> ownerOf)
            {
                // The console sends a robot's command to the instance whose stream showed it: every robot first.
                await WaitForConsoleFleetAsync(console, robots);
                var cookies = new CookieContainer();
                var session = await FrontendStack.SignInAsync(console.BaseAddress, cookies, null);
                disposables.Add(session);
                var socket = await FrontendStack.OpenSocketAsync(console.BaseAddress, cookies);
                disposables.Add(socket);
                var direct = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
                for (var i = 0; i < robots.Count; i++)
                {
                    direct[robots[i]] = OperatorClient(ownerOf(i).Api.BaseAddress, disposables);
                }

                return new ShardSetup(name, console, session, socket, apis, direct);
            }

            ShardSetup[] setups =
            [
                await SetUpAsync($"one api, {ShardedFleetSize} robots", oneConsole, [one], _ => one),
                await SetUpAsync($"two api instances, {ShardedFleetSize / 2} + {ShardedFleetSize / 2} robots", shardedConsole, sharded, i => sharded[i % sharded.Count]),
            ];
            return await MeasureShardsAsync(setups, robots);
        }
        finally
        {
            disposables.ForEach(d => d.Dispose());
            foreach (var fleet in sharded)
            {
                await fleet.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A Bearer-key client of the api at <paramref name="api"/> speaking as the consoles' operator, so that the direct
    /// baseline and the console's drives are one user's; one per api, kept in <paramref name="owned"/>.
    /// </summary>
    private static HttpClient OperatorClient(Uri api, List<IDisposable> owned)
    {
        if (owned.OfType<HttpClient>().FirstOrDefault(c => c.BaseAddress == api && c.DefaultRequestHeaders.Contains(OperatorHeaders.User)) is { } existing)
        {
            return existing;
        }

        var client = CreateClient(api);
        client.DefaultRequestHeaders.Add(OperatorHeaders.User, OperatorUserName);
        owned.Add(client);
        return client;
    }

    private async Task<string> MeasureShardsAsync(ShardSetup[] setups, IReadOnlyList<string> robots)
    {
        var messages = robots.Select((robot, i) => new[] { true, false }.Select(forward => Encoding.UTF8.GetBytes(
            $$$"""{"id":{{{i + 1}}},"command":"drive","robot":"{{{robot}}}","body":{"direction":"{{{(forward ? "forward" : "backward")}}}","leaseMs":2000}}""")).ToArray()).ToArray();
        var measures = new Dictionary<(string Setup, string Path), PacedMeasure>();
        foreach (var setup in setups)
        {
            var s = setup;
            Func<Task> stopAll = () => Task.WhenAll(robots.Select(robot => Send(s.Direct[robot], HttpMethod.Post, $"robots/{robot}/drive", Stop)));
            measures[(s.Name, "console")] = new PacedMeasure("console", i => SocketCommandAsync(s.Socket, messages[i % robots.Count][i / robots.Count % 2]))
            { AfterSlice = stopAll };
            measures[(s.Name, "direct")] = new PacedMeasure("direct", i => Drive(s.Direct[robots[i % robots.Count]], robots[i % robots.Count], i / robots.Count))
            { AfterSlice = stopAll };
        }

        var closed = setups.ToDictionary(s => s.Name, _ => (Latencies: new List<double>(), N: 0L, Seconds: 0.0, Cpu: TimeSpan.Zero));
        // The clients take turns over the robots: the k-th command of client c is the (k × clients + c)-th of the loop.
        Task ClosedLoopDrive(ShardSetup s, int client, long k)
        {
            var turn = k * Clients + client;
            return Send(s.Session, HttpMethod.Post, $"control/{robots[(int)(turn % robots.Count)]}/drive", turn / robots.Count % 2 == 0 ? Forward : Backward);
        }

        Log($"shards: warm-up, then {Rounds} rounds × {settings.PacedCount / Rounds} paced drives per path and setup, closed loop {Clients} clients");
        foreach (var measure in measures.Values)
        {
            Load.Paced(Rate * 2, settings.WarmupCount, measure.Operation);
            await measure.AfterSlice!();
        }

        var servers = setups.SelectMany(s => s.Servers).ToList();
        await SettleAsync(servers);
        var perSlice = Math.Max(1, settings.PacedCount / Rounds);
        var closedSlice = settings.ThroughputDuration / Rounds;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var setup in round % 2 == 0 ? setups : setups.Reverse())
            {
                var setupServers = setup.Servers.ToList();
                foreach (var path in new[] { "console", "direct" })
                {
                    var m = measures[(setup.Name, path)];
                    var cpuBefore = SumCpu(setupServers);
                    var stats = Load.Paced(Rate, perSlice, m.Operation);
                    m.Cpu += SumCpu(setupServers) - cpuBefore;
                    m.Samples.AddRange(stats.Samples);
                    m.Elapsed += stats.Elapsed;
                    await m.AfterSlice!();
                }

                var cpu = SumCpu(setupServers);
                var (_, n) = await Load.ClosedLoopAsync(Clients, closedSlice, (client, k) => ClosedLoopDrive(setup, client, k), closed[setup.Name].Latencies);
                closed[setup.Name] = closed[setup.Name] with
                {
                    N = closed[setup.Name].N + n,
                    Seconds = closed[setup.Name].Seconds + closedSlice.TotalSeconds,
                    Cpu = closed[setup.Name].Cpu + (SumCpu(setupServers) - cpu),
                };
                await measures[(setup.Name, "direct")].AfterSlice!();
            }
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## {ShardedFleetSize} robots over two api instances vs one ({settings.Mode}: {Rounds} interleaved rounds)");
        report.AppendLine();
        report.AppendLine("| setup | path | p50 µs | p90 µs | p99 µs | max µs | n / rate | CPU per command (console + its apis) |");
        report.AppendLine("|---|---|--:|--:|--:|--:|--:|---|");
        foreach (var setup in setups)
        {
            foreach (var (path, label) in new[] { ("console", $"drive on the console's command socket, round robin over {robots.Count} robots, paced {Rate}/s"), ("direct", "the same drives straight to the robot's own api (baseline)") })
            {
                var m = measures[(setup.Name, path)];
                var s = m.Stats;
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {setup.Name} | {label} | {Cells(s)} | {RateText(s)} | {m.Cpu.TotalMicroseconds / Math.Max(1, s.Count):N0} µs |");
            }

            var c = closed[setup.Name];
            var closedStats = new LatencyStats(c.Latencies, TimeSpan.FromSeconds(c.Seconds));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {setup.Name} | throughput: POST /control/{{robot}}/drive, {Clients} clients in closed loop, round robin | {Cells(closedStats)} | {c.N / c.Seconds:N0}/s (n={c.N:N0}) | {c.Cpu.TotalMicroseconds / Math.Max(1, c.N):N0} µs |");
        }

        LatencyStats Of(int setup, string path) => measures[(setups[setup].Name, path)].Stats;
        var (first, second) = (Of(0, "console"), Of(1, "console"));
        var (rate0, rate1) = (closed[setups[0].Name].N / closed[setups[0].Name].Seconds, closed[setups[1].Name].N / closed[setups[1].Name].Seconds);
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Two instances against one, through the console: drive p50 {Signed(second.P50 / first.P50)}, p99 {Signed(second.P99 / first.P99)}; throughput {Signed(rate1 / rate0)}. " +
            $"The same drives straight to the owning api: p50 {Signed(Of(1, "direct").P50 / Of(0, "direct").P50)}, p99 {Signed(Of(1, "direct").P99 / Of(0, "direct").P99)} " +
            $"(what the machine did to the setups, without the console). The console's hop (console minus direct): one api p50 {SignedUs(first.P50 - Of(0, "direct").P50)}, " +
            $"two instances p50 {SignedUs(second.P50 - Of(1, "direct").P50)}.");
        if (Interlocked.Read(ref _superseded) is > 0 and var superseded)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"{superseded:N0} commands were refused 409 superseded-by-stop (counted as completed).");
        }

        return report.ToString();
    }

    /// <summary>A latency row's p50, p90, p99 and max cells (µs).</summary>
    private static string Cells(LatencyStats s) => $"{F(s.P50)} | {F(s.P90)} | {F(s.P99)} | {F(s.Max)}";

    private static TimeSpan SumCpu(IEnumerable<ServiceProcess> processes) => processes.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.CpuTime());

    /// <summary>Until the console's <c>/events</c> has shown a state of every one of <paramref name="robots"/> (each instance followed).</summary>
    private static async Task WaitForConsoleFleetAsync(ServiceProcess console, IReadOnlyList<string> robots)
    {
        var index = robots.Select((name, i) => (name, i)).ToDictionary(e => e.name, e => e.i, StringComparer.Ordinal);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            using var stop = new CancellationTokenSource();
            var reader = new StateStreamReader(index);
            var reading = await reader.StartAsync(http, new Uri(console.BaseAddress, "events").ToString(), stop.Token);
            await WaitUntilAsync(() => reader.Count >= robots.Count, TimeSpan.FromSeconds(5));
            await stop.CancelAsync();
            await reading;
            if (reader.States.Select(s => s.Robot).Distinct().Count() == robots.Count)
            {
                return;
            }
        }

        throw new TimeoutException($"The console at {console.BaseAddress} never showed all {robots.Count} robots.");
    }
}
