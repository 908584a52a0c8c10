using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using DualRobot.TestSupport;

namespace DualRobot.Benchmarks;

/// <summary>
/// Issue 32, point 5 (<c>--redis-only</c>): what the Redis hop costs the console per sign-in and per command. Two
/// consoles in front of one 2-robot api, alike but for where they keep their state: one with
/// <c>ConnectionStrings:redis</c> (Debian's redis-server on loopback: key ring, sessions and sign-in limits in Redis),
/// one with its files (<c>KeyRing:Path</c>: key ring and sessions on disk, limits in memory). In interleaved rounds,
/// for each: sign-ins (the POST of the sign-in form, timed to its 302; the form itself is fetched untimed), then drives
/// paced at 500/s on the command socket and on <c>POST /control/{robot}/drive</c>, beside the same drives sent straight
/// to the api (the baseline). Redis's own command counters, read before and after the Redis console's slices, say how
/// many Redis commands each sign-in and each command ran.
/// </summary>
public sealed partial class MacroBenchmarks
{
    private int SignInsPerRound => settings.Mode switch { "smoke" => 3, "quick" => 100, _ => 80 };

    private sealed record RedisHopSetup(string Name, ServiceProcess Console, HttpClient Session, ClientWebSocket Socket)
    {
        public List<double> SignIns { get; } = [];

        /// <summary>The console's CPU time over the counted sign-ins.</summary>
        public TimeSpan SignInCpu { get; set; }

        public PacedMeasure SocketDrives { get; init; } = null!;

        public PacedMeasure HttpDrives { get; init; } = null!;
    }

    private async Task<string> RunRedisHopOnlyAsync(string apiDll, string frontendDll)
    {
        var report = new StringBuilder();
        report.AppendLine("## The Redis hop: a console on Redis vs the same console on files");
        report.AppendLine();
        if (RedisProcess.Executable() is not { } executable)
        {
            report.AppendLine("Not measured: redis-server is not installed (Debian package `redis-server`).");
            return report.ToString();
        }

        Log("redis hop: one 2-robot api, a console on Redis and one on files");
        await using var redis = await RedisProcess.StartAsync(executable);
        await using var api = await ServiceProcess.StartAsync(apiDll, [], ApiEnvironment(), "/health", StartTimeout);
        var keyRing = Directory.CreateTempSubdirectory("dualrobot-bench-keyring-");
        var disposables = new List<IDisposable>();
        try
        {
            // Enough sign-ins per client address for every round of the run (one address: 127.0.0.1).
            var limit = new Dictionary<string, string> { ["Operators__SignInAttemptsPerMinute"] = "1000" };
            await using var onFiles = await FrontendStack.StartFrontendAsync(frontendDll, api.BaseAddress,
                settings: new Dictionary<string, string>(limit) { ["KeyRing__Path"] = keyRing.FullName });
            await using var onRedis = await FrontendStack.StartFrontendAsync(frontendDll, api.BaseAddress,
                settings: new Dictionary<string, string>(limit) { ["ConnectionStrings__redis"] = redis.ConnectionString });
            var direct = OperatorClient(api.BaseAddress, disposables);
            var stop = StopAll(direct, [Robot]);

            async Task<RedisHopSetup> SetUpAsync(string name, ServiceProcess console)
            {
                var cookies = new CookieContainer();
                var session = await FrontendStack.SignInAsync(console.BaseAddress, cookies, null);
                disposables.Add(session);
                var socket = await FrontendStack.OpenSocketAsync(console.BaseAddress, cookies);
                disposables.Add(socket);
                return new RedisHopSetup(name, console, session, socket)
                {
                    SocketDrives = new PacedMeasure("socket", i => SocketDrive(socket, i), server: console, server2: api) { AfterSlice = stop },
                    HttpDrives = new PacedMeasure("http", i => FrontendDrive(session, i), server: console, server2: api) { AfterSlice = stop },
                };
            }

            RedisHopSetup[] setups = [await SetUpAsync("files", onFiles), await SetUpAsync("Redis", onRedis)];
            var baseline = new PacedMeasure("direct", i => Drive(direct, Robot, i), server: api) { AfterSlice = stop };
            return report.Append(await MeasureRedisHopAsync(setups, baseline, redis)).ToString();
        }
        finally
        {
            disposables.ForEach(d => d.Dispose());
            keyRing.Delete(recursive: true);
        }
    }

    private async Task<string> MeasureRedisHopAsync(RedisHopSetup[] setups, PacedMeasure baseline, RedisProcess redis)
    {
        var drives = setups.SelectMany(s => new[] { s.SocketDrives, s.HttpDrives }).Append(baseline).ToList();
        Log($"redis hop: warm-up, then {Rounds} rounds × {SignInsPerRound} sign-ins and {settings.PacedCount / Rounds} paced drives per path and console");
        foreach (var setup in setups)
        {
            await TimedSignInsAsync(setup.Console.BaseAddress, Math.Max(1, SignInsPerRound / 4), []);
        }

        foreach (var measure in drives)
        {
            Load.Paced(Rate * 2, settings.WarmupCount, measure.Operation);
            await measure.AfterSlice!();
        }

        await SettleAsync(drives.SelectMany(m => new[] { m.Server, m.Server2 }).OfType<ServiceProcess>().Distinct().ToList());
        long redisSignIns = 0, redisCommands = 0;
        var perSignIn = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var perCommand = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var perSlice = Math.Max(1, settings.PacedCount / Rounds);
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var setup in round % 2 == 0 ? setups : setups.Reverse())
            {
                var counted = setup.Name == "Redis";
                var before = counted ? await redis.CommandCallsAsync() : null;
                var cpu = setup.Console.CpuTime();
                await TimedSignInsAsync(setup.Console.BaseAddress, SignInsPerRound, setup.SignIns);
                setup.SignInCpu += setup.Console.CpuTime() - cpu;
                if (counted)
                {
                    Add(perSignIn, before!, await redis.CommandCallsAsync());
                    redisSignIns += SignInsPerRound;
                    before = await redis.CommandCallsAsync();
                }

                foreach (var m in new[] { setup.SocketDrives, setup.HttpDrives })
                {
                    m.RunSlice(perSlice);
                    await m.AfterSlice!();
                }

                if (counted)
                {
                    // Only the paced commands: the stop after each slice goes straight to the api.
                    Add(perCommand, before!, await redis.CommandCallsAsync());
                    redisCommands += 2L * perSlice;
                }
            }

            baseline.RunSlice(perSlice);
            await baseline.AfterSlice!();
        }

        return RenderRedisHop(setups, baseline, perSignIn, redisSignIns, perCommand, redisCommands);
    }

    /// <summary>The Redis commands run between two readings of its counters, but for the readings themselves (INFO).</summary>
    private static void Add(Dictionary<string, long> sum, IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        foreach (var (command, calls) in after)
        {
            if (command != "info" && calls - before.GetValueOrDefault(command) is > 0 and var added)
            {
                sum[command] = sum.GetValueOrDefault(command) + added;
            }
        }
    }

    /// <summary>
    /// <paramref name="count"/> sign-ins as a new browser each: the form (untimed), then its POST, timed to the 302
    /// (the limits counted, the password checked, the session stored and the api told).
    /// </summary>
    private static async Task TimedSignInsAsync(Uri console, int count, List<double> samples)
    {
        for (var i = 0; i < count; i++)
        {
            using var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseProxy = false })
            {
                BaseAddress = console,
                Timeout = TimeSpan.FromSeconds(10),
            };
            var token = AntiforgeryTokens.FromForm(await client.GetStringAsync("Account/SignIn"))
                ?? throw new InvalidOperationException("The sign-in page has no antiforgery form token.");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = OperatorUserName,
                ["Password"] = OperatorPassword,
                [AntiforgeryTokens.FormField] = token,
            });
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("Account/SignIn", form);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Sign-in at {console}: {(int)response.StatusCode}, expected 302.");
            }
        }
    }

    private string RenderRedisHop(
        RedisHopSetup[] setups, PacedMeasure baseline, Dictionary<string, long> perSignIn, long signIns, Dictionary<string, long> perCommand, long commands)
    {
        static string Calls(Dictionary<string, long> calls, long per) => calls.Count == 0
            ? "none"
            : string.Join(", ", calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value / (double)per:0.##}")));

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{settings.Mode}: {Rounds} interleaved rounds, {SignInsPerRound} sign-ins and {Math.Max(1, settings.PacedCount / Rounds)} drives per path, console and round.");
        report.AppendLine();
        report.AppendLine("| console | measure | p50 µs | p90 µs | p99 µs | max µs | n / rate | CPU per operation |");
        report.AppendLine("|---|---|--:|--:|--:|--:|--:|---|");
        foreach (var setup in setups)
        {
            var signIn = new LatencyStats(setup.SignIns, TimeSpan.FromSeconds(1));
            report.AppendLine(CultureInfo.InvariantCulture, $"| {setup.Name} | sign-in: POST /Account/SignIn → 302, a new browser each | {Cells(signIn)} | n={signIn.Count} | console CPU {setup.SignInCpu.TotalMicroseconds / Math.Max(1, signIn.Count):N0} µs/sign-in |");
            foreach (var (m, label) in new[] { (setup.SocketDrives, "drive on the command socket, paced 500/s"), (setup.HttpDrives, "POST /control/Linus/drive, paced 500/s") })
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"| {setup.Name} | {label} | {Cells(m.Stats)} | {RateText(m.Stats)} | {m.CpuPerOperation} |");
            }
        }

        var b = baseline.Stats;
        report.AppendLine(CultureInfo.InvariantCulture, $"| (none) | baseline: the same drive straight to the api, paced 500/s | {Cells(b)} | {RateText(b)} | {baseline.CpuPerOperation} |");
        report.AppendLine();
        var (files, onRedis) = (setups[0], setups[1]);
        var (filesIn, redisIn) = (new LatencyStats(files.SignIns, TimeSpan.FromSeconds(1)), new LatencyStats(onRedis.SignIns, TimeSpan.FromSeconds(1)));
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Redis against files: sign-in p50 {SignedUs(redisIn.P50 - filesIn.P50)}, p99 {SignedUs(redisIn.P99 - filesIn.P99)}; " +
            $"socket drive p50 {SignedUs(onRedis.SocketDrives.Stats.P50 - files.SocketDrives.Stats.P50)}, p99 {SignedUs(onRedis.SocketDrives.Stats.P99 - files.SocketDrives.Stats.P99)}; " +
            $"HTTP drive p50 {SignedUs(onRedis.HttpDrives.Stats.P50 - files.HttpDrives.Stats.P50)}, p99 {SignedUs(onRedis.HttpDrives.Stats.P99 - files.HttpDrives.Stats.P99)}.");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Redis commands per sign-in (counted at redis-server over {signIns:N0}): {Calls(perSignIn, Math.Max(1, signIns))}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Redis commands per drive (over {commands:N0}, socket and HTTP): {Calls(perCommand, Math.Max(1, commands))}.");
        return report.ToString();
    }
}
