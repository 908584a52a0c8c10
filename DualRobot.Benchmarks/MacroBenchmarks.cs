using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DualRobot.TestSupport.PigpioEmulator;
using DualRobot.TestSupport;

namespace DualRobot.Benchmarks;

/// <summary>
/// End-to-end measures on one machine in one run: the real api build as a child process on real Kestrel
/// (127.0.0.1, a free port), the pigpiod emulator in this process, a keep-alive HttpClient as the client.
/// </summary>
public sealed partial class MacroBenchmarks(BenchSettings settings)
{
    public const string TableHeader = "| Measure | Setting | p50 µs | p90 µs | p99 µs | max µs | n / rate | Other | Baseline (same run) |";

    private const string ApiKey = "benchmark-api-key-0123456789abcdef";
    private const int Rate = 500;
    private const int Clients = 8;
    private const string Robot = "Linus";

    // Linus as in DualRobot.Api/appsettings.json: the left motor's forward pin tells forward from backward.
    private const int LinusLeftForward = 13;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly byte[] Forward = Encoding.UTF8.GetBytes("""{"direction":"forward","leaseMs":2000}""");
    private static readonly byte[] Backward = Encoding.UTF8.GetBytes("""{"direction":"backward","leaseMs":2000}""");
    private static readonly byte[] Stop = Encoding.UTF8.GetBytes("""{"direction":"stop"}""");
    private static readonly byte[] HeartbeatBody = Encoding.UTF8.GetBytes("""{"leaseMs":2000}""");

    private readonly List<Row> _rows = [];
    private readonly List<Target> _targets = [];
    private readonly Dictionary<string, double> _values = [];

    private sealed record Row(string Measure, string Setting, LatencyStats? Latency, string Rate, string Other, string Baseline);

    private sealed record Target(string Name, string Goal, string Measured, bool? Met);

    public async Task<string> RunAsync()
    {
        _extraEnvironment = settings.ApiEnvironment;
        var apiDll = RepoLayout.ProjectDll("DualRobot.Api");
        var frontendDll = RepoLayout.ProjectDll("DualRobot.Frontend");
        Log($"mode {settings.Mode}; api {apiDll}");
        if (settings.ConsoleOnly || settings.InputOnly)
        {
            return await RunConsoleOnlyAsync(apiDll, frontendDll);
        }

        if (settings.RecorderOnly)
        {
            return await RunRecorderOnlyAsync(apiDll);
        }

        if (settings.ScaleOutOnly)
        {
            return await RunScaleOutOnlyAsync(apiDll, frontendDll);
        }

        if (settings.ShardsOnly || settings.RedisOnly)
        {
            // Either or both in one run (CI's smoke run takes both).
            return (settings.ShardsOnly ? await RunShardsOnlyAsync(apiDll, frontendDll) + Environment.NewLine : "")
                   + (settings.RedisOnly ? await RunRedisHopOnlyAsync(apiDll, frontendDll) : "");
        }

        if (settings.GroupsOnly)
        {
            return await RunGroupsOnlyAsync(apiDll);
        }

        await using var emulator = new PigpioEmulator();
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, emulator.Port);

        // Every process is started first and kept running, so the measures can be interleaved in rounds: on a shared
        // 2-core machine the noise changes minute to minute, and interleaving spreads it evenly over what is compared.
        Log("starting: trivial Kestrel /ping baseline, api with 2/16/128 simulated robots, api on Pigpio → emulator");
        await using var ping = await ServiceProcess.StartAsync(typeof(Program).Assembly.Location, ["--serve-ping"], new Dictionary<string, string>(), "/health", StartTimeout);
        var fleets = new List<Fleet>();
        try
        {
            foreach (var size in settings.FleetSizes)
            {
                fleets.Add(await Fleet.StartAsync(apiDll, size));
            }

            // A/A control: a second, identical 2-robot api. Its difference from the first is the noise floor of the
            // scaling comparison (same build, same load, different process).
            await using var control = await Fleet.StartAsync(apiDll, 2);

            // The console path: a dedicated 2-robot api with the frontend in front of it, one operator signed in once.
            await using var front = await FrontendStack.StartAsync(apiDll, frontendDll, settings.Smoke);
            _rows.Add(new Row("Frontend start-up and memory", "process start → /health 200 (wired to its own api)", null, "",
                $"start-up {Ms(front.Frontend.StartupTime)}; RSS idle {Mb(front.IdleRss)}", "see /ping app start-up and RSS"));

            var pigpioEnvironment = ApiEnvironment();
            foreach (var (key, value) in RobotSettings.PigpioEnvironment(emulator.Port))
            {
                pigpioEnvironment[key] = value;
            }
            await using var pigpio = await ServiceProcess.StartAsync(apiDll, [], pigpioEnvironment, "/health", StartTimeout);
            using var pingHttp = CreateClient(ping.BaseAddress);
            using var pigpioHttp = CreateClient(pigpio.BaseAddress);
            await WaitConnectedAsync(pigpioHttp, Robot);

            // Idle: start-up settled, no command yet.
            await Task.Delay(settings.Smoke ? 200 : 1500);
            foreach (var fleet in fleets)
            {
                fleet.IdleRss = fleet.Api.RssBytes();
                fleet.IdleHeap = await GcHeapAsync(fleet.Http);
            }

            var pingRss = ping.RssBytes();
            await RunPacedAsync(emulator, tcp, pingHttp, ping, fleets, pigpioHttp, pigpio, control, front);
            await RunThroughputAsync(emulator, pingHttp, ping, fleets[0], pigpioHttp, pigpio, front);
            _rows.Add(new Row("Frontend memory after load", "frontend process", null, "", $"RSS {Mb(front.Frontend.RssBytes())}", $"idle {Mb(front.IdleRss)}"));

            var two = fleets[0];
            await Send(two.Http, HttpMethod.Post, $"robots/{Robot}/drive", Stop);
            var loadedRss = two.Api.RssBytes();
            var loadedHeap = await GcHeapAsync(two.Http);
            _values["rss.idle"] = two.IdleRss;
            _rows.Add(new Row("Api memory", $"{two.Size} robots, Simulated", null, "",
                $"RSS idle {Mb(two.IdleRss)}, after load {Mb(loadedRss)}; GC heap idle {Mb(two.IdleHeap)}, after load {Mb(loadedHeap)}",
                $"/ping app RSS {Mb(pingRss)}"));
            _rows.Add(new Row("Api start-up", "process start → /health 200", null, "", Ms(two.Api.StartupTime), $"/ping app {Ms(ping.StartupTime)}"));

            await MeasureScrapesAsync(fleets);
            await MeasureMovingFleetAsync(fleets[^1]);
            await MeasureConsoleAsync(apiDll, frontendDll, front, fleets[^1]);
            AddScalingRows(fleets);
            AddTargets(fleets);
            AddVelocityTargets(await MeasureRoundTripsAsync(settings.Smoke ? 10 : 1000));
        }
        finally
        {
            foreach (var fleet in fleets)
            {
                await fleet.DisposeAsync();
            }
        }

        return Render();
    }

    private int Rounds => settings.Mode switch { "smoke" => 1, "quick" => 4, _ => 10 };

    /// <summary>A paced (500/s) measure, run a slice per round.</summary>
    private sealed class PacedMeasure(
        string name, Func<int, Task> operation, Func<Task>? beforeSlice = null, ServiceProcess? server = null, ServiceProcess? server2 = null)
    {
        public string Name { get; } = name;

        /// <summary>The process serving the measure, whose CPU time per operation is reported.</summary>
        public ServiceProcess? Server { get; } = server;

        /// <summary>A second process on the path (the api behind the frontend), reported separately.</summary>
        public ServiceProcess? Server2 { get; } = server2;

        public TimeSpan Cpu { get; set; }

        public TimeSpan Cpu2 { get; set; }

        public string CpuPerOperation => Server is null || Samples.Count == 0
            ? ""
            : Server2 is null
                ? $"server CPU {Cpu.TotalMicroseconds / Samples.Count:N0} µs/op"
                : $"server CPU frontend {Cpu.TotalMicroseconds / Samples.Count:N0} + api {Cpu2.TotalMicroseconds / Samples.Count:N0} µs/op";

        public List<double> Samples { get; } = [];

        public TimeSpan Elapsed { get; set; }

        public Func<int, Task> Operation { get; } = operation;

        public Func<Task>? BeforeSlice { get; } = beforeSlice;

        /// <summary>
        /// Stops what the slice set moving, so it leaves no load behind for the next measure: a robot left driving keeps
        /// its api publishing its pose until the lease runs out, and 128 of them would weigh on whichever slice is next.
        /// </summary>
        public Func<Task>? AfterSlice { get; init; }

        public LatencyStats Stats => new(Samples, Elapsed);

        /// <summary><paramref name="count"/> operations paced at 500/s, added to the samples with the servers' CPU time.</summary>
        public void RunSlice(int count)
        {
            var cpu = Server?.CpuTime() ?? TimeSpan.Zero;
            var cpu2 = Server2?.CpuTime() ?? TimeSpan.Zero;
            var stats = Load.Paced(Rate, count, Operation);
            Cpu += (Server?.CpuTime() ?? TimeSpan.Zero) - cpu;
            Cpu2 += (Server2?.CpuTime() ?? TimeSpan.Zero) - cpu2;
            Samples.AddRange(stats.Samples);
            Elapsed += stats.Elapsed;
        }
    }

    private async Task RunPacedAsync(
        PigpioEmulator emulator, Socket tcp, HttpClient ping, ServiceProcess pingProcess, List<Fleet> fleets, HttpClient pigpio, ServiceProcess pigpioProcess, Fleet control,
        FrontendStack front)
    {
        var frame = new byte[16];
        var reply = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, 3); // READ gpio 4
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), 4);
        Task RawRoundTrip(int _)
        {
            tcp.Send(frame);
            for (var got = 0; got < reply.Length;)
            {
                got += tcp.Receive(reply, got, reply.Length - got, SocketFlags.None);
            }

            return Task.CompletedTask;
        }

        async Task DriveToPins(int i)
        {
            // Timed until both the reply and the changed pin level at the emulator have arrived.
            var forward = i % 2 == 0;
            var level = emulator.WaitForLevelAsync(LinusLeftForward, forward ? 1 : 0, TimeSpan.FromSeconds(5));
            await Send(pigpio, HttpMethod.Post, $"robots/{Robot}/drive", forward ? Forward : Backward);
            await level;
        }

        long pigpioRequests = 0;
        long velocityPigpioRequests = 0;
        var measures = new List<PacedMeasure>
        {
            new("tcp", RawRoundTrip),
            new("ping", _ => Send(ping, HttpMethod.Get, "ping", null), server: pingProcess),
            new("heartbeat", _ => Send(fleets[0].Http, HttpMethod.Post, $"robots/{Robot}/heartbeat", HeartbeatBody), server: fleets[0].Api),
            // Each slice starts stopped, so its first forward changes the pin (a deadman stop may have come between slices).
            new("pigpio", DriveToPins, () => Send(pigpio, HttpMethod.Post, $"robots/{Robot}/drive", Stop), pigpioProcess) { AfterSlice = StopAll(pigpio, [Robot]) },
        };
        foreach (var fleet in fleets)
        {
            var f = fleet;
            measures.Add(new($"one{f.Size}", i => Drive(f.Http, Robot, i), server: f.Api) { AfterSlice = StopAll(f.Http, [Robot]) });
            // Round robin over every robot; each robot alternates direction on each of its turns.
            measures.Add(new($"spread{f.Size}", i => Drive(f.Http, f.Names[i % f.Names.Count], i / f.Names.Count), server: f.Api) { AfterSlice = StopAll(f.Http, f.Names) });
        }

        measures.Add(new("control", i => Drive(control.Http, Robot, i), server: control.Api) { AfterSlice = StopAll(control.Http, [Robot]) });
        measures.AddRange(VelocityMeasures(emulator, fleets[0], pigpio, pigpioProcess));
        // The console path and its baseline, back to back in every round: the same api process, once directly with
        // the Bearer key, once through the frontend's POST /control/{robot}/drive (cookie + antiforgery header).
        measures.Add(new("frontdirect", i => Drive(front.ApiHttp, Robot, i), server: front.Api) { AfterSlice = StopAll(front.ApiHttp, [Robot]) });
        measures.Add(new("frontend", i => FrontendDrive(front.Session, i), server: front.Frontend, server2: front.Api) { AfterSlice = StopAll(front.ApiHttp, [Robot]) });
        // The page's own path for motion: a message on its command socket, relayed by the console to the same api.
        measures.Add(new("frontsocket", i => SocketDrive(front.Socket, i), server: front.Frontend, server2: front.Api) { AfterSlice = StopAll(front.ApiHttp, [Robot]) });

        Log($"warm-up, then {measures.Count} paced measures × {Rounds} rounds × {settings.PacedCount / Rounds} commands at {Rate}/s");
        // Twice, each time until the processes are idle: the runtime compiles a hot method first with instrumentation
        // (dynamic PGO) and only after more calls for good, so one warm-up leaves the final recompilations to the
        // first round, where they would weigh on whatever is being timed.
        var servers = measures.SelectMany(m => new[] { m.Server, m.Server2 }).OfType<ServiceProcess>().Distinct().ToList();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var m in measures)
            {
                if (m.BeforeSlice is { } before)
                {
                    await before();
                }

                Load.Paced(Rate * 2, settings.WarmupCount, m.Operation);
                if (m.AfterSlice is { } after)
                {
                    await after();
                }
            }

            await SettleAsync(servers);
        }

        var perSlice = Math.Max(1, settings.PacedCount / Rounds);
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var m in measures)
            {
                if (m.BeforeSlice is { } before)
                {
                    await before();
                }

                // Only the paced commands count, not the stop that prepares a slice.
                var requestsBefore = emulator.RequestCount;
                m.RunSlice(perSlice);
                if (m.Name == "pigpio")
                {
                    pigpioRequests += emulator.RequestCount - requestsBefore;
                }
                else if (m.Name == "velpigpio")
                {
                    velocityPigpioRequests += emulator.RequestCount - requestsBefore;
                }

                if (m.AfterSlice is { } after)
                {
                    await after();
                }
            }
        }

        var byName = measures.ToDictionary(m => m.Name, m => m.Stats);
        _cpu = measures.ToDictionary(m => m.Name, m => m.CpuPerOperation);
        var tcpStats = byName["tcp"];
        var pingStats = byName["ping"];
        var baseline = $"/ping p50 {Us(pingStats.P50)}, p99 {Us(pingStats.P99)}";
        _rows.Add(new Row("Baseline: raw TCP round trip to emulator", "16-byte READ, paced 500/s", tcpStats, RateText(tcpStats), "", "(is the baseline)"));
        _rows.Add(new Row("Baseline: trivial Kestrel GET /ping", "child process, paced 500/s", pingStats, RateText(pingStats), _cpu["ping"], "(is the baseline)"));
        var sim = byName["one2"];
        _rows.Add(new Row("Drive, Simulated", "2 robots, 1 client paced 500/s", sim, RateText(sim), _cpu["one2"], baseline));
        var heartbeat = byName["heartbeat"];
        _rows.Add(new Row("Heartbeat", "2 robots, 1 client paced 500/s", heartbeat, RateText(heartbeat), _cpu["heartbeat"], baseline));
        var pig = byName["pigpio"];
        var perCommand = pigpioRequests / (double)pig.Count;
        _values["pigpio.requests_per_command"] = perCommand;
        _values["pigpio.p99"] = pig.P99;
        _values["sim.p99"] = sim.P99;
        _values["ping.p99"] = pingStats.P99;
        _values["tcp.p99"] = tcpStats.P99;
        _rows.Add(new Row("Drive, Pigpio → emulator pins", "1 client paced 500/s, HTTP request → changed pin level", pig, RateText(pig),
            $"pigpiod requests/command {perCommand:0.00}; {_cpu["pigpio"]}", $"{baseline}; TCP p50 {Us(tcpStats.P50)}, p99 {Us(tcpStats.P99)}"));
        AddVelocityRows(byName, velocityPigpioRequests, baseline);
        foreach (var fleet in fleets)
        {
            fleet.OneRobot = byName[$"one{fleet.Size}"];
            fleet.Spread = byName[$"spread{fleet.Size}"];
        }

        _control = byName["control"];

        var direct = byName["frontdirect"];
        var viaFrontend = byName["frontend"];
        _values["frontend.p50"] = viaFrontend.P50;
        _values["frontend.p99"] = viaFrontend.P99;
        _values["frontdirect.p50"] = direct.P50;
        _values["frontdirect.p99"] = direct.P99;
        _rows.Add(new Row("Drive, direct to the api behind the frontend", "2 robots, Bearer key, 1 client paced 500/s", direct, RateText(direct),
            _cpu["frontdirect"], "(is the baseline of the next row)"));
        _rows.Add(new Row("Drive through frontend → api → Simulated", "POST /control/Linus/drive, signed-in cookie + antiforgery header, 1 client paced 500/s",
            viaFrontend, RateText(viaFrontend),
            $"{_cpu["frontend"]}; added by the frontend hop: p50 {SignedUs(viaFrontend.P50 - direct.P50)}, p90 {SignedUs(viaFrontend.P90 - direct.P90)}, p99 {SignedUs(viaFrontend.P99 - direct.P99)}",
            $"direct p50 {Us(direct.P50)}, p99 {Us(direct.P99)}"));
        var socket = byName["frontsocket"];
        _values["frontsocket.p50"] = socket.P50;
        _rows.Add(new Row("Drive through the console's command socket → api → Simulated", "a drive message on /control/socket (signed-in cookie, the console's Origin), 1 client paced 500/s",
            socket, RateText(socket),
            $"{_cpu["frontsocket"]}; added by the console hop: p50 {SignedUs(socket.P50 - direct.P50)}, p90 {SignedUs(socket.P90 - direct.P90)}, p99 {SignedUs(socket.P99 - direct.P99)}",
            $"direct p50 {Us(direct.P50)}, p99 {Us(direct.P99)}"));
    }

    private LatencyStats? _control;

    /// <summary>Until the processes are idle (under 5 % of a core for a second, at most a minute); a smoke run does not wait.</summary>
    private Task SettleAsync(IReadOnlyList<ServiceProcess> processes) =>
        SteadyState.WaitAsync(processes, 0.05, TimeSpan.FromSeconds(1), settings.Smoke ? TimeSpan.Zero : TimeSpan.FromSeconds(60), Log);

    private static Func<Task> StopAll(HttpClient http, IReadOnlyList<string> robots) => async () =>
    {
        await Task.WhenAll(robots.Select(robot => Send(http, HttpMethod.Post, $"robots/{robot}/drive", Stop)));
        // The stops' state events go out before the next slice starts.
        await Task.Delay(100);
    };

    private Dictionary<string, string> _cpu = [];

    private async Task RunThroughputAsync(
        PigpioEmulator emulator, HttpClient ping, ServiceProcess pingProcess, Fleet two, HttpClient pigpio, ServiceProcess pigpioProcess, FrontendStack front)
    {
        Log($"closed loop, {Clients} clients, {Rounds} rounds");
        var slice = settings.ThroughputDuration / Rounds;
        string[] keys = ["ping", "trivial", "sim", "pigpio", "velsim", "velpigpio", "frontdirect", "frontend", "frontend.api"];
        var totals = keys.ToDictionary(k => k, _ => (N: 0L, Seconds: 0.0));
        var latencies = keys.ToDictionary(k => k, _ => new List<double>());
        long pigpioRequests = 0;
        var cpu = keys.ToDictionary(k => k, _ => TimeSpan.Zero);
        async Task<long> Timed(string key, ServiceProcess server, Func<int, long, Task> operation)
        {
            var cpuBefore = server.CpuTime();
            var (_, n) = await Load.ClosedLoopAsync(Clients, slice, operation, latencies[key]);
            cpu[key] += server.CpuTime() - cpuBefore;
            totals[key] = (totals[key].N + n, totals[key].Seconds + slice.TotalSeconds);
            return n;
        }

        for (var round = 0; round < Rounds; round++)
        {
            await Timed("ping", pingProcess, (_, _) => Send(ping, HttpMethod.Get, "ping", null));
            // The same api's trivial endpoint right before its drives: the platform's floor on the same Kestrel.
            await Timed("trivial", two.Api, (_, _) => Send(two.Http, HttpMethod.Get, TrivialPath, null));
            await Timed("sim", two.Api, (_, k) => Drive(two.Http, Robot, (int)(k % 2)));
            var before = emulator.RequestCount;
            await Timed("pigpio", pigpioProcess, (_, k) => Drive(pigpio, Robot, (int)(k % 2)));
            pigpioRequests += emulator.RequestCount - before;
            await Timed("velsim", two.Api, (_, k) => Velocity(two.Http, Robot, (int)(k % 2)));
            await Timed("velpigpio", pigpioProcess, (_, k) => Velocity(pigpio, Robot, (int)(k % 2)));
            await Timed("frontdirect", front.Api, (_, k) => Drive(front.ApiHttp, Robot, (int)(k % 2)));
            var apiCpuBefore = front.Api.CpuTime();
            var n = await Timed("frontend", front.Frontend, (_, k) => FrontendDrive(front.Session, (int)(k % 2)));
            cpu["frontend.api"] += front.Api.CpuTime() - apiCpuBefore;
            totals["frontend.api"] = (totals["frontend.api"].N + n, totals["frontend.api"].Seconds + slice.TotalSeconds);
        }

        string Cpu(string key) => $"server CPU {cpu[key].TotalMicroseconds / Math.Max(1, totals[key].N):N0} µs/op";

        double Rate(string key) => totals[key].N / totals[key].Seconds;
        _values["throughput.simulated"] = Rate("sim");
        _values["throughput.trivial"] = Rate("trivial");
        _values["closed.sim.p99"] = new LatencyStats(latencies["sim"], TimeSpan.Zero).P99;
        _values["closed.trivial.p99"] = new LatencyStats(latencies["trivial"], TimeSpan.Zero).P99;
        _values["cpu.sim"] = cpu["sim"].TotalMicroseconds / Math.Max(1, totals["sim"].N);
        _values["cpu.velsim"] = cpu["velsim"].TotalMicroseconds / Math.Max(1, totals["velsim"].N);
        _rows.Add(new Row("Baseline: the api's trivial endpoint GET /trivial, throughput", $"closed loop, {Clients} clients, the 2-robot api", null, $"{Rate("trivial"):N0}/s",
            $"n={totals["trivial"].N:N0}; {Cpu("trivial")}; p99 {Us(_values["closed.trivial.p99"])}", "(is the baseline of the next row)"));
        _rows.Add(new Row("Baseline: trivial Kestrel GET /ping, throughput", $"closed loop, {Clients} clients", null, $"{Rate("ping"):N0}/s", $"n={totals["ping"].N:N0}; {Cpu("ping")}", "(is the baseline)"));
        _rows.Add(new Row("Drive throughput, Simulated", $"closed loop, {Clients} clients, one robot", null, $"{Rate("sim"):N0}/s",
            $"n={totals["sim"].N:N0}; {Cpu("sim")}; p99 {Us(_values["closed.sim.p99"])}", $"/ping {Rate("ping"):N0}/s; the api's /trivial {Rate("trivial"):N0}/s"));
        _rows.Add(new Row("Drive throughput, Pigpio", $"closed loop, {Clients} clients, one robot", null, $"{Rate("pigpio"):N0}/s",
            $"n={totals["pigpio"].N:N0}; {Cpu("pigpio")}; pigpiod requests/command {pigpioRequests / (double)Math.Max(1, totals["pigpio"].N):0.00}", $"/ping {Rate("ping"):N0}/s"));
        _values["throughput.velocity"] = Rate("velsim");
        _rows.Add(new Row("Velocity throughput, Simulated", $"closed loop, {Clients} clients, one robot", null, $"{Rate("velsim"):N0}/s",
            $"n={totals["velsim"].N:N0}; {Cpu("velsim")}", $"/ping {Rate("ping"):N0}/s; drive {Rate("sim"):N0}/s"));
        _rows.Add(new Row("Velocity throughput, Pigpio", $"closed loop, {Clients} clients, one robot", null, $"{Rate("velpigpio"):N0}/s",
            $"n={totals["velpigpio"].N:N0}; {Cpu("velpigpio")}", $"/ping {Rate("ping"):N0}/s; drive {Rate("pigpio"):N0}/s"));
        _rows.Add(new Row("Drive throughput, direct to the api behind the frontend", $"closed loop, {Clients} clients, one robot", null, $"{Rate("frontdirect"):N0}/s",
            $"n={totals["frontdirect"].N:N0}; {Cpu("frontdirect")}", "(is the baseline of the next row)"));
        _rows.Add(new Row("Drive throughput through frontend → api → Simulated", $"closed loop, {Clients} clients, one operator session, one robot", null, $"{Rate("frontend"):N0}/s",
            $"n={totals["frontend"].N:N0}; server CPU frontend {cpu["frontend"].TotalMicroseconds / Math.Max(1, totals["frontend"].N):N0} + api {cpu["frontend.api"].TotalMicroseconds / Math.Max(1, totals["frontend"].N):N0} µs/op",
            $"direct {Rate("frontdirect"):N0}/s"));
        await Send(pigpio, HttpMethod.Post, $"robots/{Robot}/drive", Stop);
        await Send(front.ApiHttp, HttpMethod.Post, $"robots/{Robot}/drive", Stop);
    }

    private sealed class Fleet : IAsyncDisposable
    {
        private Fleet(int size, List<string> names, ServiceProcess api)
        {
            Size = size;
            Names = names;
            Api = api;
            Http = CreateClient(api.BaseAddress);
        }

        public int Size { get; }

        public List<string> Names { get; }

        public ServiceProcess Api { get; }

        public HttpClient Http { get; }

        public long IdleRss { get; set; }

        public long IdleHeap { get; set; }

        public LatencyStats OneRobot { get; set; } = null!;

        public LatencyStats Spread { get; set; } = null!;

        public List<double> Scrapes { get; } = [];

        public int ScrapeBytes { get; set; }

        /// <param name="configure">Adds to the api's environment, given every robot's name (a shard's settings).</param>
        public static async Task<Fleet> StartAsync(string apiDll, int robots, Action<IReadOnlyList<string>, Dictionary<string, string>>? configure = null)
        {
            var names = new List<string> { "Linus", "Torvalds" };
            var environment = ApiEnvironment();
            // GET /trivial: the platform's floor on the api's own Kestrel and middleware.
            environment["Benchmarks__TrivialEndpoint"] = "true";
            for (var i = 3; i <= robots; i++)
            {
                // Simulated robots each have their own controller, so pins may repeat across robots.
                var name = $"Bot{i:D3}";
                names.Add(name);
                var prefix = $"Robots__{name}__";
                environment[prefix + "Backend"] = "Simulated";
                environment[prefix + "LeftMotor__Forward"] = "5";
                environment[prefix + "LeftMotor__Backward"] = "6";
                environment[prefix + "RightMotor__Forward"] = "19";
                environment[prefix + "RightMotor__Backward"] = "20";
                environment[prefix + "Eye"] = "24";
            }

            configure?.Invoke(names, environment);
            return new Fleet(robots, names, await ServiceProcess.StartAsync(apiDll, [], environment, "/health", StartTimeout));
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Api.DisposeAsync();
        }
    }

    private static Task Drive(HttpClient http, string robot, int i) => Send(http, HttpMethod.Post, $"robots/{robot}/drive", i % 2 == 0 ? Forward : Backward);

    private async Task MeasureScrapesAsync(List<Fleet> fleets)
    {
        Log("GET /metrics");
        foreach (var fleet in fleets)
        {
            await Send(fleet.Http, HttpMethod.Post, $"robots/{Robot}/drive", Stop);
            // Scrapes until the tiered compiler is done with the exposition, as for every other measure: after a
            // single scrape, the first rounds timed prometheus-net's serializer still unoptimised (issue 29).
            await WarmUpAsync(fleet.Api, async () =>
            {
                for (var i = 0; i < 20; i++)
                {
                    await fleet.Http.GetByteArrayAsync("metrics");
                }
            });
        }

        var perRound = Math.Max(1, settings.Scrapes / Rounds);
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var fleet in fleets)
            {
                for (var i = 0; i < perRound; i++)
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    var body = await fleet.Http.GetByteArrayAsync("metrics");
                    fleet.Scrapes.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                    fleet.ScrapeBytes = body.Length;
                }
            }
        }
    }

    private void AddScalingRows(List<Fleet> fleets)
    {
        var small = fleets[0];
        foreach (var fleet in fleets)
        {
            var perRobot = fleet == small
                ? ""
                : $"; per robot vs {small.Size}: RSS {Kb((fleet.IdleRss - small.IdleRss) / (double)(fleet.Size - small.Size))}, GC heap {Kb((fleet.IdleHeap - small.IdleHeap) / (double)(fleet.Size - small.Size))}";
            _rows.Add(new Row("Scaling: drive on one robot", $"{fleet.Size} robots, paced 500/s", fleet.OneRobot, RateText(fleet.OneRobot),
                $"{_cpu.GetValueOrDefault($"one{fleet.Size}", "")}; idle RSS {Mb(fleet.IdleRss)}, GC heap {Mb(fleet.IdleHeap)}{perRobot}", $"start-up {Ms(fleet.Api.StartupTime)}"));
            _rows.Add(new Row("Scaling: drive spread over robots", $"{fleet.Size} robots round robin, paced 500/s", fleet.Spread, RateText(fleet.Spread), _cpu.GetValueOrDefault($"spread{fleet.Size}", ""), ""));
            if (fleet == small && _control is { } control)
            {
                _rows.Add(new Row("Scaling: A/A control, drive on one robot", $"a second {small.Size}-robot api, paced 500/s", control, RateText(control),
                    $"{_cpu.GetValueOrDefault("control", "")}; p50 vs first {small.Size}-robot api: {Signed(control.P50 / small.OneRobot.P50)} (noise floor)", ""));
            }

            var scrape = new LatencyStats(fleet.Scrapes, TimeSpan.FromSeconds(1));
            _rows.Add(new Row("Scaling: GET /metrics", $"{fleet.Size} robots, sequential", scrape, $"n={scrape.Count}", $"{fleet.ScrapeBytes / 1024.0:N1} KiB", ""));
        }
    }

    private void AddTargets(List<Fleet> fleets)
    {
        var two = fleets.Single(f => f.Size == 2);
        var many = fleets.Single(f => f.Size == 128);
        var noise = $"(same run: /ping p99 {Ms(_values["ping.p99"])}, raw TCP p99 {Ms(_values["tcp.p99"])})";
        var simP99 = _values["sim.p99"];
        _targets.Add(new Target("Drive p99, Simulated, 500/s", "≤ 2 ms", $"{Ms(simP99)} {noise}", simP99 <= 2000));
        var pigP99 = _values["pigpio.p99"];
        _targets.Add(new Target("Drive p99, Pigpio to loopback, 500/s", "≤ 3 ms", $"{Ms(pigP99)} {noise}", pigP99 <= 3000));
        var requests = _values["pigpio.requests_per_command"];
        // The emulator counts requests; round trips can only be fewer (the driver pipelines BC1 + BS1 in one write).
        // Frames, not round trips (counted below): a stop before each slice sets the duties to 0, so the slice's first
        // drive sends them again, in the same round trip.
        _targets.Add(new Target("pigpiod requests per drive", "reported (round trips: below)", $"{requests:0.00} requests/command", null));
        var throughput = _values["throughput.simulated"];
        _targets.Add(new Target("Drive throughput, Simulated", "≥ 5,000/s", $"{throughput:N0}/s", throughput >= 5000));
        var ratio8 = throughput / _values["throughput.trivial"];
        _targets.Add(new Target("Drive throughput vs the same api's trivial endpoint, 8 clients", "≥ 0.8×",
            $"{ratio8:0.00}× ({throughput:N0}/s vs {_values["throughput.trivial"]:N0}/s)", ratio8 >= 0.8));
        var p99Ratio = _values["closed.sim.p99"] / _values["closed.trivial.p99"];
        _targets.Add(new Target("Drive p99 vs the trivial endpoint's p99, 8 clients", "≤ 1.5×",
            $"{p99Ratio:0.00}× ({Ms(_values["closed.sim.p99"])} vs {Ms(_values["closed.trivial.p99"])})", p99Ratio <= 1.5));
        _targets.Add(new Target("Api CPU per accepted drive, Simulated (closed loop)", "≤ 40 µs", Us(_values["cpu.sim"]), _values["cpu.sim"] <= 40));
        _targets.Add(new Target("Api CPU per velocity command, Simulated (closed loop)", "≤ 45 µs", Us(_values["cpu.velsim"]), _values["cpu.velsim"] <= 45));
        var ratio = many.OneRobot.P50 / two.OneRobot.P50;
        var ratioSpread = many.Spread.P50 / two.Spread.P50;
        var ratio99 = many.OneRobot.P99 / two.OneRobot.P99;
        _targets.Add(new Target("Latency at 128 robots vs 2 (p50)", "within 10 %",
            $"one robot {Us(many.OneRobot.P50)} vs {Us(two.OneRobot.P50)} ({Signed(ratio)}); spread {Us(many.Spread.P50)} vs {Us(two.Spread.P50)} ({Signed(ratioSpread)}); p99 one robot {Signed(ratio99)}; A/A control {Signed(_control!.P50 / two.OneRobot.P50)}",
            ratio <= 1.10 && ratioSpread <= 1.10));
        var viaFrontendP99 = _values["frontend.p99"];
        _targets.Add(new Target("Drive p99 through the frontend, Simulated, 500/s", "none set (reported beside the ≤ 2 ms direct target)",
            $"{Ms(viaFrontendP99)}; direct to the same api {Ms(_values["frontdirect.p99"])}; the hop adds p50 {SignedUs(_values["frontend.p50"] - _values["frontdirect.p50"])}, p99 {SignedUs(viaFrontendP99 - _values["frontdirect.p99"])}",
            null));
        var socketHop = _values["frontsocket.p50"] - _values["frontdirect.p50"];
        _targets.Add(new Target("Console hop: a socket command through the console vs direct to the api, p50", "≤ 150 µs added",
            $"{SignedUs(socketHop)} ({Us(_values["frontsocket.p50"])} vs {Us(_values["frontdirect.p50"])})", socketHop <= 150));
        var idle = _values["rss.idle"];
        _targets.Add(new Target("Api idle RSS", "≤ 120 MB", Mb((long)idle), idle <= 120 * 1024 * 1024));
        var scrape = new LatencyStats(many.Scrapes, TimeSpan.FromSeconds(1));
        _targets.Add(new Target("/metrics scrape, 128 robots", "p50 ≤ 5 ms, p99 ≤ 10 ms", $"p50 {Ms(scrape.P50)}, p99 {Ms(scrape.P99)}", scrape.P50 <= 5000 && scrape.P99 <= 10_000));
    }

    private string Render()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Results ({settings.Mode}: {settings.PacedCount} paced commands per latency run, closed loop {settings.ThroughputDuration.TotalSeconds:0.#} s)");
        sb.AppendLine();
        sb.AppendLine(TableHeader);
        sb.AppendLine("|---|---|--:|--:|--:|--:|--:|---|---|");
        foreach (var row in _rows)
        {
            var l = row.Latency;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Measure} | {row.Setting} | {F(l?.P50)} | {F(l?.P90)} | {F(l?.P99)} | {F(l?.Max)} | {row.Rate} | {row.Other} | {row.Baseline} |");
        }

        sb.AppendLine();
        sb.AppendLine("## Targets");
        sb.AppendLine();
        sb.AppendLine("| Target | Goal | Measured | Met |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var t in _targets)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.Goal} | {t.Measured} | {(t.Met switch { true => "yes", false => "**no**", null => "n/a" })} |");
        }

        if (Interlocked.Read(ref _superseded) is > 0 and var superseded)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"{superseded:N0} commands were refused 409 superseded-by-stop during the run (a stop came first: a lease expired or a pigpiod reply timed out while the machine stalled); they count as completed above.");
        }

        if (settings.Smoke)
        {
            sb.AppendLine();
            sb.AppendLine("(smoke run: a handful of commands per measure; the figures mean nothing.)");
        }

        return sb.ToString();
    }

    private static long _superseded;

    private static IReadOnlyDictionary<string, string> _extraEnvironment = new Dictionary<string, string>();

    private static Dictionary<string, string> ApiEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            ["Control__ApiKey"] = ApiKey,
            // The per-robot limiter (50/s in appsettings) would refuse a 500/s run: the harness measures the path, not the limiter.
            ["Control__MaxCommandsPerSecond"] = "0",
            // Each api its own audit trail, as each has its own volume in a cluster: one file shared by every api of a run
            // would make their writers take turns on one lock and one write-ahead log.
            ["Audit__Path"] = Path.Combine(RepoLayout.BenchmarkDataDirectory, $"audit-{Guid.NewGuid():N}.db"),
        };
        foreach (var (key, value) in _extraEnvironment)
        {
            environment[key] = value;
        }

        return environment;
    }

    private static HttpClient CreateClient(Uri baseAddress)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    private static async Task Send(HttpClient http, HttpMethod method, string path, byte[]? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        if (response.StatusCode == HttpStatusCode.Conflict && (await response.Content.ReadAsStringAsync()).Contains("superseded-by-stop", StringComparison.Ordinal))
        {
            // A stop came first (a lease expiring or a pigpiod reconnect while the machine stalls): counted and reported, not fatal.
            Interlocked.Increment(ref _superseded);
            return;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task WaitConnectedAsync(HttpClient http, string robot)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync($"robots/{robot}"));
            if (doc.RootElement.GetProperty("connected").GetBoolean())
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Robot {robot} never connected to its backend.");
    }

    private static async Task<long> GcHeapAsync(HttpClient http)
    {
        // prometheus-net's default .NET stats: GC.GetTotalMemory(false) of the api process.
        var text = await http.GetStringAsync("metrics");
        var match = HeapRegex().Match(text);
        return match.Success ? (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    [GeneratedRegex(@"^dotnet_total_memory_bytes\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex HeapRegex();

    private static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");

    private static string RateText(LatencyStats s) => $"n={s.Count}, {s.AchievedRate:N0}/s";

    private static string F(double? microseconds) => microseconds is { } v && !double.IsNaN(v) ? v.ToString("N0", CultureInfo.InvariantCulture) : "";

    private static string Us(double microseconds) => $"{microseconds:N0} µs";

    private static string SignedUs(double microseconds) => $"{microseconds:+#,0;-#,0;0} µs";

    private static string Ms(double microseconds) => $"{microseconds / 1000:0.00} ms";

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:N0} ms";

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N1} MB";

    private static string Kb(double bytes) => $"{bytes / 1024.0:N1} KiB";

    private static string Signed(double ratio) => $"{(ratio - 1) * 100:+0.0;-0.0} %";
}
