using System.Net.Http.Headers;
using System.Text;
using DualRobot.TestSupport.PigpioEmulator;

namespace DualRobot.Benchmarks;

/// <summary>
/// The velocity command beside drive and /ping in the same run (its paced and throughput measures join theirs),
/// and the api's CPU with a whole fleet moving and publishing its pose.
/// </summary>
public sealed partial class MacroBenchmarks
{
    // Two arcs, (0.4, 0.8) and (-0.8, -0.4) as (left, right): every command flips both sides and changes both duties.
    private static readonly byte[] ArcForward = Encoding.UTF8.GetBytes("""{"linear":0.6,"angular":0.2,"leaseMs":2000}""");
    private static readonly byte[] ArcBackward = Encoding.UTF8.GetBytes("""{"linear":-0.6,"angular":0.2,"leaseMs":2000}""");
    private static readonly byte[] MoveAll = Encoding.UTF8.GetBytes("""{"linear":0.5,"angular":0.3,"leaseMs":5000}""");

    // The lease the in-process round-trip count kicks the robot's watchdog with, as the paced commands do.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    private static Task Velocity(HttpClient http, string robot, int i) =>
        Send(http, HttpMethod.Post, $"robots/{robot}/velocity", i % 2 == 0 ? ArcForward : ArcBackward);

    /// <summary>The paced velocity measures: Simulated on the 2-robot api, and HTTP request → changed pin at the emulator.</summary>
    private static IEnumerable<PacedMeasure> VelocityMeasures(PigpioEmulator emulator, Fleet two, HttpClient pigpio, ServiceProcess pigpioProcess)
    {
        async Task VelocityToPins(int i)
        {
            var forward = i % 2 == 0;
            var level = emulator.WaitForLevelAsync(LinusLeftForward, forward ? 1 : 0, TimeSpan.FromSeconds(5));
            await Velocity(pigpio, Robot, i);
            await level;
        }

        yield return new("velsim", i => Velocity(two.Http, Robot, i), server: two.Api) { AfterSlice = StopAll(two.Http, [Robot]) };
        yield return new("velpigpio", VelocityToPins, () => Send(pigpio, HttpMethod.Post, $"robots/{Robot}/drive", Stop), pigpioProcess) { AfterSlice = StopAll(pigpio, [Robot]) };
    }

    private void AddVelocityRows(Dictionary<string, LatencyStats> byName, long pigpioRequests, string baseline)
    {
        var sim = byName["velsim"];
        var pig = byName["velpigpio"];
        _values["velocity.sim.p99"] = sim.P99;
        _values["velocity.pigpio.p99"] = pig.P99;
        _rows.Add(new Row("Velocity, Simulated", "2 robots, 1 client paced 500/s, arcs alternating", sim, RateText(sim), _cpu["velsim"],
            $"{baseline}; drive p99 {Us(byName["one2"].P99)}"));
        _rows.Add(new Row("Velocity, Pigpio → emulator pins", "1 client paced 500/s, HTTP request → changed pin level", pig, RateText(pig),
            $"pigpiod requests/command {pigpioRequests / (double)pig.Count:0.00} (kick, BC1, 2 × PWM, BS1, watchdog status); {_cpu["velpigpio"]}",
            $"{baseline}; drive p99 {Us(byName["pigpio"].P99)}"));
    }

    /// <summary>
    /// Round trips per command, counted by the api's own pigpio connection in this process (the child api's counter
    /// is not reachable): the device code the api runs, with its watchdog script armed (every motion carries the kick
    /// and the status read), against an emulator of its own. The emulator's request count in the rows above counts
    /// frames; a command's frames travel together.
    /// </summary>
    private static async Task<(double Velocity, double Drive, double Heartbeat)> MeasureRoundTripsAsync(int commands)
    {
        await using var emulator = new PigpioEmulator();
        var options = new DualRobot.Api.Robots.RobotOptions
        {
            LeftMotor = new() { Forward = 13, Backward = 21, Enable = 12 },
            RightMotor = new() { Forward = 17, Backward = 27, Enable = 26 },
        };
        using var backend = new DualRobot.Api.Gpio.Pigpio.PigpioGpioBackend(
            "127.0.0.1", emulator.Port, new DualRobot.Api.Gpio.Pigpio.PigpioOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<DualRobot.Api.Gpio.Pigpio.PigpioGpioBackend>.Instance,
            motors: options.MotorPins());
        await backend.Connection.ConnectAsync();
        if (!backend.WatchdogArmed)
        {
            throw new InvalidOperationException("The watchdog script did not start: round trips would be counted without its kick.");
        }

        using var drive = new DualRobot.Api.Robots.Devices.DriveTrain(backend, options);
        var before = backend.RoundTrips;
        for (var i = 0; i < commands; i++)
        {
            drive.Apply(DualRobot.Api.Robots.Motion.SideValues.Mix(i % 2 == 0 ? 0.6 : -0.6, 0.2), Lease);
        }

        var velocity = (backend.RoundTrips - before) / (double)commands;

        // Drives as the paced measure sends them, with a stop (duties to 0) every tenth command.
        before = backend.RoundTrips;
        for (var i = 0; i < commands; i++)
        {
            drive.Apply(i % 10 == 9 ? Direction.Stop : i % 2 == 0 ? Direction.Forward : Direction.Backward, 1, Lease);
        }

        var perDrive = (backend.RoundTrips - before) / (double)commands;

        // Heartbeats renewing a drive: each is the watchdog's kick alone.
        drive.Apply(Direction.Forward, 1, Lease);
        before = backend.RoundTrips;
        for (var i = 0; i < commands; i++)
        {
            drive.Renew(Lease);
        }

        var perHeartbeat = (backend.RoundTrips - before) / (double)commands;
        drive.Apply(DualRobot.Api.Robots.Motion.SideValues.Stop);
        return (velocity, perDrive, perHeartbeat);
    }

    /// <summary>
    /// Api CPU with every robot of the big fleet moving (so each publishes its pose every Events:PoseInterval) and one
    /// event-stream subscriber reading it all, against the same api idle for as long.
    /// </summary>
    private async Task MeasureMovingFleetAsync(Fleet fleet)
    {
        var window = settings.Mode switch { "smoke" => TimeSpan.FromMilliseconds(500), "quick" => TimeSpan.FromSeconds(3), _ => TimeSpan.FromSeconds(10) };
        Log($"{fleet.Size} robots moving for {window.TotalSeconds:0.#} s, one event-stream subscriber");

        using var events = new HttpClient { BaseAddress = fleet.Api.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource();
        long stateEvents = 0;
        var reader = Task.Run(async () =>
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "robots/events");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                using var response = await events.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                while (await stream.ReadLineAsync(stop.Token) is { } line)
                {
                    if (line == "event: state")
                    {
                        Interlocked.Increment(ref stateEvents);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The measure is over.
            }
        });

        // Every robot's state arrives on connect; the windows start after it.
        var connected = System.Diagnostics.Stopwatch.GetTimestamp();
        while (Interlocked.Read(ref stateEvents) < fleet.Size && System.Diagnostics.Stopwatch.GetElapsedTime(connected) < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Interlocked.Exchange(ref stateEvents, 0);
        var idleBefore = fleet.Api.CpuTime();
        await Task.Delay(window);
        var idleCpu = fleet.Api.CpuTime() - idleBefore;
        var idleEvents = Interlocked.Exchange(ref stateEvents, 0);

        var cpuBefore = fleet.Api.CpuTime();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var commands = 0;
        while (System.Diagnostics.Stopwatch.GetElapsedTime(started) < window)
        {
            // Renewed well inside the 5 s lease; the renewals are part of what a moving fleet costs.
            await Task.WhenAll(fleet.Names.Select(name => Send(fleet.Http, HttpMethod.Post, $"robots/{name}/velocity", MoveAll)));
            commands += fleet.Names.Count;
            await Task.Delay(TimeSpan.FromSeconds(2) < window ? TimeSpan.FromSeconds(2) : window);
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var movingCpu = fleet.Api.CpuTime() - cpuBefore;
        var movingEvents = Interlocked.Read(ref stateEvents);
        await Task.WhenAll(fleet.Names.Select(name => Send(fleet.Http, HttpMethod.Post, $"robots/{name}/drive", Stop)));
        await stop.CancelAsync();
        await reader;

        var movingShare = movingCpu / elapsed;
        var idleShare = idleCpu / window;
        _values["moving.cpu"] = movingShare;
        _rows.Add(new Row($"Api CPU, {fleet.Size} robots moving", $"every robot under a velocity command (renewed every 2 s), pose published every 100 ms, one /robots/events subscriber, {elapsed.TotalSeconds:0.#} s",
            null, $"{movingEvents / elapsed.TotalSeconds:N0} state events/s",
            $"CPU {movingShare * 100:0.0} % of one core; {commands} velocity commands",
            $"same api idle: CPU {idleShare * 100:0.0} %, {idleEvents / window.TotalSeconds:N0} state events/s"));
        _targets.Add(new Target($"Api CPU, {fleet.Size} robots moving and publishing pose", "none set (reported)",
            $"{movingShare * 100:0.0} % of one core (idle {idleShare * 100:0.0} %)", null));
    }

    private void AddVelocityTargets((double Velocity, double Drive, double Heartbeat) roundTrips)
    {
        var noise = $"(same run: /ping p99 {Ms(_values["ping.p99"])})";
        var simP99 = _values["velocity.sim.p99"];
        _targets.Add(new Target("Velocity p99, Simulated, 500/s", "≤ 2 ms", $"{Ms(simP99)} {noise}; drive {Ms(_values["sim.p99"])}", simP99 <= 2000));
        var pigP99 = _values["velocity.pigpio.p99"];
        _targets.Add(new Target("Velocity p99, Pigpio to loopback, 500/s", "≤ 3 ms", $"{Ms(pigP99)} {noise}; drive {Ms(_values["pigpio.p99"])}", pigP99 <= 3000));
        _targets.Add(new Target("pigpiod round trips per velocity command", "≤ 1",
            $"{roundTrips.Velocity:0.00} (the api's DriveTrain on its pigpio connection, counted in process, watchdog armed: kick, pins, both duties and status in one write)", roundTrips.Velocity <= 1));
        _targets.Add(new Target("pigpiod round trips per drive (counted)", "≤ 2",
            $"{roundTrips.Drive:0.00} (as above; forward and backward with a stop every tenth command)", roundTrips.Drive <= 2));
        _targets.Add(new Target("pigpiod round trips per heartbeat (counted)", "≤ 1",
            $"{roundTrips.Heartbeat:0.00} (the watchdog's kick and status read; no pins)", roundTrips.Heartbeat <= 1));
        if (_values.TryGetValue("throughput.velocity", out var throughput))
        {
            _targets.Add(new Target("Velocity throughput, Simulated", "≥ 5,000/s", $"{throughput:N0}/s (drive {_values["throughput.simulated"]:N0}/s)", throughput >= 5000));
        }
    }
}
