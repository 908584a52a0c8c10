using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DualRobot.Tests.Apis;

namespace DualRobot.Tests.Reliability;

/// <summary>Runs alone: the memory comparison reads this process's managed heap, which parallel tests would disturb.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "Load (alone)";
}

/// <summary>
/// 50 concurrent clients, each owning one simulated robot, send mixed commands (drive + heartbeat, eye, servo, reads)
/// for <c>DUALROBOT_LOAD_SECONDS</c> (default 5; the full run is
/// <c>DUALROBOT_LOAD_SECONDS=60 dotnet test DualRobot.Tests --filter "FullyQualifiedName~Reliability.LoadTests"</c>; a bare <c>--filter Load</c> also runs one quick Delivery test whose name contains "Load"). Asserted: no 5xx (in fact every
/// command accepted), per client no command lost or reordered (each answer is the state after exactly that command,
/// with a monotonic version), the final pins equal each client's last command, no deadman stop while heartbeats flow,
/// and managed memory flat after a warm-up.
/// </summary>
[Collection(LoadCollection.Name)]
[Trait(Tier.Name, Tier.Functional)]
public sealed class LoadTests : IDisposable
{
    private const int Clients = 50;
    private const int MaxCommandsPerClient = 200_000;

    // Growth allowed between the warm-up and the end: 10 % plus a small absolute allowance for what a first run of
    // code paths, connection pools and the metrics registry legitimately add (a leak per command would be far more).
    private const double AllowedGrowth = 0.10;
    private const long AllowedAbsoluteBytes = 8L << 20;

    private static readonly string[] Directions = ["forward", "backward", "left", "right", "stop"];
    private static readonly int[] DirectionPins = DualRobot.TestSupport.RobotSettings.LinusDirectionPins;

    private readonly ApiFactory _api = new(RobotSettings());

    public static TimeSpan Duration { get; } = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("DUALROBOT_LOAD_SECONDS"), CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 5);

    [Fact]
    public async Task Load_50Clients_MixedCommands_NoLossNoReorder_PinsMatch_NoDeadman_MemoryFlat()
    {
        const int Seed = 4242;
        // Clients first, before anything runs in parallel (the factory builds its server on first use).
        var clients = Enumerable.Range(0, Clients).Select(i => new LoadClient(i, _api.CreateAuthorizedClient(), new Random(Seed + i))).ToArray();
        var deadmanBefore = await DeadmanStopsAsync();

        var warmUp = TimeSpan.FromSeconds(Math.Max(1, Duration.TotalSeconds / 5));
        await RunAsync(clients, warmUp);
        var memoryAfterWarmUp = ManagedMemory();

        await RunAsync(clients, Duration);
        // Pins and metrics first: the leases (5 s) are still running, and heartbeats only just stopped.
        var pins = clients.Select(c => Snapshot(c.Robot)).ToArray();
        var deadmanAfter = await DeadmanStopsAsync();
        var memoryAtEnd = ManagedMemory();

        var context = $"seed {Seed}, {Duration.TotalSeconds:0} s, {clients.Sum(c => c.Sent)} commands";
        foreach (var client in clients)
        {
            Assert.True(client.Failures.Count == 0, $"{client.Robot} ({context}):\n{string.Join('\n', client.Failures.Take(10))}");
            Assert.True(client.Sent > 0, $"{client.Robot} sent nothing ({context})");
            var expected = client.Expected;
            var actual = pins[client.Index];
            Assert.True(expected == actual, $"{client.Robot}: pins {actual} but the last accepted commands were {expected} ({context})");
        }

        Assert.Equal(deadmanBefore, deadmanAfter);
        Assert.True(memoryAtEnd <= (memoryAfterWarmUp * (1 + AllowedGrowth)) + AllowedAbsoluteBytes,
            $"managed memory grew from {memoryAfterWarmUp >> 10} KiB after warm-up to {memoryAtEnd >> 10} KiB ({context})");

        foreach (var client in clients)
        {
            client.Http.Dispose();
        }
    }

    private static async Task RunAsync(LoadClient[] clients, TimeSpan duration)
    {
        using var running = new CancellationTokenSource(duration);
        var tasks = clients.Select(c => Task.Run(() => c.RunAsync(running.Token))).ToArray();
        // Only a hang guard: each client stops by itself when the duration is over.
        await Task.WhenAll(tasks).WaitAsync(duration + TimeSpan.FromMinutes(2));
    }

    private PinSnapshot Snapshot(string robot)
    {
        var pins = _api.Pins(robot);
        return new PinSnapshot(
            string.Join(',', DirectionPins.Select(p => (int)pins.GetLevel(p))),
            Math.Round(pins.GetDutyCycle(12) ?? -1, 6),
            (int)pins.GetLevel(16),
            Math.Round(pins.GetDutyCycle(22) ?? -1, 6));
    }

    private async Task<double> DeadmanStopsAsync()
    {
        using var client = _api.CreateClient();
        var metrics = await client.GetStringAsync("/metrics");
        return Enumerable.Range(0, Clients).Sum(i => ProcessProbe.Metric(metrics, "dualrobot_deadman_stops_total", $"robot=\"Load{i}\"") ?? 0);
    }

    private static long ManagedMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static Dictionary<string, string?> RobotSettings()
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < Clients; i++)
        {
            var robot = $"Robots:Load{i}:";
            settings[robot + "Backend"] = "Simulated";
            settings[robot + "LeftMotor:Forward"] = "13";
            settings[robot + "LeftMotor:Backward"] = "21";
            settings[robot + "LeftMotor:Enable"] = "12";
            settings[robot + "RightMotor:Forward"] = "17";
            settings[robot + "RightMotor:Backward"] = "27";
            settings[robot + "RightMotor:Enable"] = "26";
            settings[robot + "Eye"] = "16";
            settings[robot + "Servos:0:Pin"] = "22";

            // Driven at random for 5 s: the pins must be the last command's, never cut short by the envelope at an edge.
            settings[robot + "Kinematics:ArenaMeters:Width"] = "1000";
            settings[robot + "Kinematics:ArenaMeters:Height"] = "1000";
        }

        return settings;
    }

    public void Dispose() => _api.Dispose();

    /// <summary>Pin levels of the directions, enable duty, eye level and servo duty, as a comparable value.</summary>
    private sealed record PinSnapshot(string Directions, double EnableDuty, int Eye, double ServoDuty);

    /// <summary>One client driving its own robot, one request at a time, checking every answer against what it sent.</summary>
    private sealed class LoadClient(int index, HttpClient http, Random random)
    {
        private string _direction = "stop";
        private double _speed = 1;
        private string _eye = "off";
        private double? _angle;
        private long _version = -1;

        public int Index => index;

        public string Robot => $"Load{index}";

        public HttpClient Http => http;

        public int Sent { get; private set; }

        public ConcurrentQueue<string> Failures { get; } = new();

        /// <summary>The pins the last accepted commands must have left behind (from the simulated backend's formulas).</summary>
        public PinSnapshot Expected => new(
            // A direction is a pair of side values, ±speed: at speed 0 both sides are off, so no input is high.
            (_direction, _speed) switch
            {
                (_, 0) => "0,0,0,0",
                ("forward", _) => "1,0,1,0",
                ("backward", _) => "0,1,0,1",
                ("left", _) => "0,1,1,0",
                ("right", _) => "1,0,0,1",
                _ => "0,0,0,0",
            },
            // The enable duty is written with each motion; a stop sets it to 0 with the inputs low.
            _direction != "stop" ? Math.Round(_speed, 6) : 0,
            _eye == "on" ? 1 : 0,
            _angle is { } a ? Math.Round((1000 + ((a + 90) / 180 * 1000)) / 20_000, 6) : 0);

        public async Task RunAsync(CancellationToken running)
        {
            for (var i = 0; i < MaxCommandsPerClient && !running.IsCancellationRequested && Failures.IsEmpty; i++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        var direction = Directions[random.Next(Directions.Length)];
                        var speed = Math.Round(random.NextDouble(), 2);
                        await SendAsync("drive", () => http.PostAsJsonAsync($"/robots/{Robot}/drive",
                            direction == "stop" ? (object)new { direction } : new { direction, speed, leaseMs = 5000 }),
                            state => state.Motion == direction && (direction == "stop" || state.Speed == speed), publishes: true);
                        if (direction != "stop")
                        {
                            _speed = speed;
                        }

                        _direction = direction;
                        break;
                    case 1:
                        var eye = random.Next(2) == 0 ? "on" : "off";
                        await SendAsync("eye", () => http.PostAsJsonAsync($"/robots/{Robot}/eye", new { state = eye }),
                            state => state.Eye == eye, publishes: true);
                        _eye = eye;
                        break;
                    case 2:
                        var angle = (double)random.Next(-90, 91);
                        await SendAsync("servo", () => http.PutAsJsonAsync($"/robots/{Robot}/servos/0", new { angle }),
                            state => state.Servos[0].Angle == angle, publishes: true);
                        _angle = angle;
                        break;
                    default:
                        await SendAsync("read", () => http.GetAsync($"/robots/{Robot}"), _ => true, publishes: false);
                        break;
                }

                // The heartbeat that keeps the current motion alive; it changes nothing else.
                await SendAsync("heartbeat", () => http.PostAsJsonAsync($"/robots/{Robot}/heartbeat", new { leaseMs = 5000 }),
                    state => state.Motion == _direction, publishes: false);
            }
        }

        private async Task SendAsync(string what, Func<Task<HttpResponseMessage>> send, Func<RobotStateDto, bool> reflects, bool publishes)
        {
            Sent++;
            using var response = await send();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Failures.Enqueue($"command {Sent} ({what}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return;
            }

            var state = (await response.Content.ReadFromJsonAsync<RobotStateDto>())!;
            if (!reflects(state) || state.Motion != (what == "drive" ? state.Motion : _direction))
            {
                Failures.Enqueue($"command {Sent} ({what}): the answer does not show it applied on top of the previous ones: {state}");
            }

            // Publishing commands bump the version by one each (nothing else touches this robot); others leave it.
            if (_version >= 0 && (publishes ? state.Version <= _version : state.Version < _version))
            {
                Failures.Enqueue($"command {Sent} ({what}): version {state.Version} after {_version}");
            }

            _version = state.Version;
        }
    }
}
