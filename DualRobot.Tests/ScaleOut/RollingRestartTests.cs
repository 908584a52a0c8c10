using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace DualRobot.Tests.ScaleOut;

/// <summary>
/// A rollout replaces the console replicas one at a time (SIGTERM, start again) while 200 viewers watch through the
/// load balancer and 4 operators command their robots: no operator is signed out, every viewer is back on a stream
/// (how soon is reported, never asserted), and every state published after the rollout reaches every viewer.
/// </summary>
[Collection(ScaleOutCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class RollingRestartTests(ScaleOutFixture system, ITestOutputHelper output)
{
    private const int Viewers = 200;

    /// <summary>Each operator's robot; the supervisor's is Linus, the robot the other tests of the collection use.</summary>
    /// <summary>Issue 32: every viewer back on a stream within 5 s of losing it.</summary>
    private static readonly TimeSpan ViewerBackWithin = TimeSpan.FromSeconds(5);

    private static readonly (string User, string Robot)[] Drivers =
        [(ScaleOutFixture.Supervisor, "Linus"), (ScaleOutFixture.Operators[0], "Ada"), (ScaleOutFixture.Operators[1], "Torvalds"), (ScaleOutFixture.Operators[2], "Grace")];

    [RequiresToolFact(Tools.RedisServer, Tools.Nginx)]
    public async Task RollingRestartOfBothConsoles_UnderViewersAndOperators_SignsNobodyOut_AndDeliversEveryLaterState()
    {
        system.Require();
        var balancer = system.Balancer.Address;
        var operators = new List<ConsoleUser>();
        for (var i = 0; i < Drivers.Length; i++)
        {
            operators.Add(await ConsoleUser.SignedInAsync(system.ConsoleAddress(i % 2), Drivers[i].User));
        }

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = Timeout.InfiniteTimeSpan };
        // Driving stops before the last check; reading goes on until the end, so states still on their way arrive.
        using var stop = new CancellationTokenSource();
        using var stopReading = new CancellationTokenSource();
        var viewers = Enumerable.Range(0, Viewers).Select(_ => new StreamViewer(http, new Uri(balancer, "/events"))).ToList();
        // The reference: every state each api publishes, read from the api itself.
        var direct = Enumerable.Range(0, 2).Select(api => new StreamViewer(http, new Uri(system.Api(api).BaseAddress, "/robots/events"))).ToList();
        var reading = viewers.Concat(direct).Select(viewer => Task.Run(() => viewer.RunAsync(stopReading.Token))).ToList();
        var answers = new ConcurrentQueue<(string User, HttpStatusCode Status)>();
        Task[] driving = [];
        try
        {
            await Eventually.True(() => viewers.All(v => v.Connected) && direct.All(v => v.Connected), "every viewer is on a stream", TimeSpan.FromMinutes(1));

            driving = operators.Select((user, i) => Task.Run(() => CommandUntilAsync(user, balancer, Drivers[i], answers, stop.Token))).ToArray();
            foreach (var console in new[] { 0, 1 })
            {
                await system.StopConsoleAsync(console);
                await system.StartConsoleAsync(console);
                await Eventually.True(() => Task.FromResult(viewers.All(v => v.Connected)), () => $"{viewers.Count(v => !v.Connected)} viewers are not back on a stream",
                    TimeSpan.FromMinutes(1));
            }

            // Every viewer lost its stream at least once (each replica was stopped) and is back.
            Assert.All(viewers, viewer => Assert.NotEmpty(viewer.Gaps));
            var gaps = viewers.SelectMany(v => v.Gaps).Select(gap => gap.TotalMilliseconds).Order().ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Viewers} viewers, {gaps.Count} lost streams: back on a stream after p50 {gaps[gaps.Count / 2]:0} ms, p99 {gaps[(int)(gaps.Count * 0.99)]:0} ms, max {gaps[^1]:0} ms."));
            // The issue's one bound here: every viewer back on a stream within 5 s (measured about 1.1 s at most with a
            // load average above 20 on two cores, so the bound holds with room for a slower machine).
            Assert.True(gaps[^1] <= ViewerBackWithin.TotalMilliseconds,
                string.Create(CultureInfo.InvariantCulture, $"a viewer was {gaps[^1]:0} ms without a stream (bound {ViewerBackWithin.TotalSeconds:0} s)"));

            // After the rollout: every state either api publishes reaches every viewer.
            var marks = direct.Select(d => d.Received).ToList();
            await Task.Delay(TimeSpan.FromSeconds(1)); // commands keep flowing: states published after the mark
            await stop.CancelAsync();
            await Task.WhenAll(driving);
            var later = direct.SelectMany((d, i) => d.StatesSince(marks[i])).ToList();
            Assert.NotEmpty(later);
            await Eventually.True(() => Task.FromResult(viewers.All(v => later.All(state => v.Saw(state.Robot, state.Version)))),
                () => $"{viewers.Count(v => !later.All(state => v.Saw(state.Robot, state.Version)))} viewers miss states published after the rollout",
                TimeSpan.FromMinutes(1));

            // Nobody was signed out: no command was answered 401, and each operator still commands through either console.
            Assert.DoesNotContain(answers, answer => answer.Status == HttpStatusCode.Unauthorized);
            output.WriteLine($"{answers.Count} commands during the rollout: {string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{(int)g.Key}×{g.Count()}"))}.");
            for (var i = 0; i < operators.Count; i++)
            {
                for (var console = 0; console < 2; console++)
                {
                    Assert.Equal(HttpStatusCode.OK, await operators[i].EyeAsync(system.ConsoleAddress(console), Drivers[i].Robot, on: false));
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await stopReading.CancelAsync();
            await Task.WhenAll(reading.Concat(driving));
            operators.ForEach(user => user.Dispose());
        }
    }

    /// <summary>The operator's robot's eye on and off, five commands a second, until stopped; every answer kept.</summary>
    private static async Task CommandUntilAsync(ConsoleUser user, Uri balancer, (string User, string Robot) driver,
        ConcurrentQueue<(string, HttpStatusCode)> answers, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                answers.Enqueue((driver.User, await user.EyeAsync(balancer, driver.Robot, on: i % 2 == 0, CancellationToken.None)));
                await Task.Delay(200, stop);
            }
            catch (HttpRequestException)
            {
                answers.Enqueue((driver.User, 0));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
