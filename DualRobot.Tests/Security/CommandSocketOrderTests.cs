using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Operators;
using DualRobot.Tests.Audit;
using DualRobot.Tests.Frontend;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 7: a stop sent on the command socket after 1,000 motions was answered 994th, because the socket
/// read its next message only once one of its 16 commands in flight had been answered. It keeps reading now: a stop
/// or an e-stop goes to the api at once, and the motions still waiting on that socket for its robot (every robot,
/// for the e-stop) are answered as superseded and never sent. The api is made slow for motions by a gate the test
/// holds, so motions pile up in the console exactly as behind a slow api; order is asserted, never time.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class CommandSocketOrderTests(ConsoleWithGatedApi console) : IClassFixture<ConsoleWithGatedApi>, IAsyncLifetime
{
    private const string Forward = """{"direction":"forward","leaseMs":500}""";
    private const long StopId = 1000;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        console.DropHeld();
        using var api = console.Api.CreateAuthorizedClient();
        (await api.SendAsAsync(ConsoleWithApi.Users[OperatorRoles.Supervisor], "POST", "/estop/release", null, role: OperatorRoles.Supervisor)).Dispose();
        foreach (var robot in new[] { "Linus", "Torvalds" })
        {
            (await api.SendAsAsync(ConsoleWithApi.Users[OperatorRoles.Operator], "POST", $"/robots/{robot}/drive", """{"direction":"stop"}""")).Dispose();
        }
    }

    [Fact]
    public async Task AStop_OvertakesTheMotionsWaitingForItsRobot_WhichAreAnsweredSupersededAndNeverSent()
    {
        using var socket = await ConnectAsync();
        var sentBefore = console.Sent.Count;
        console.Close();

        // A full set in flight, held at the gate; then motions that must wait: Torvalds's of every kind, and Linus's.
        var inFlight = Enumerable.Range(1, CommandSocket.MaxInFlight).Select(id => Drive(id, "Torvalds", Forward)).ToList();
        var waitingTorvalds = new List<long>();
        var waitingLinus = new List<long>();
        var waiting = new List<string>();
        for (var id = 100L; id < 140; id++)
        {
            var (robot, ids) = id % 3 == 0 ? ("Linus", waitingLinus) : ("Torvalds", waitingTorvalds);
            ids.Add(id);
            waiting.Add((id % 4) switch
            {
                0 => $$$"""{"id":{{{id}}},"command":"velocity","robot":"{{{robot}}}","body":{"linear":0.5,"angular":0,"leaseMs":500}}""",
                1 => $$$"""{"id":{{{id}}},"command":"heartbeat","robot":"{{{robot}}}","body":{"leaseMs":500}}""",
                _ => Drive(id, robot, Forward),
            });
        }

        var (beforeStop, stop) = await SendThenReadUntilTheStopAsync(socket, inFlight.Concat(waiting), Drive(StopId, "Torvalds", """{"direction":"stop"}"""));

        Assert.Equal(200, stop.GetProperty("status").GetInt32());
        Assert.Equal("stop", stop.GetProperty("body").GetProperty("motion").GetString());
        Assert.All(beforeStop, answer => AssertSupersededInTheConsole(answer, waitingTorvalds));

        // Let go of the gate: what it held never reaches the api; Linus's waiting motions go on as before.
        console.DropHeld();
        var rest = await ReadAsync(socket, inFlight.Count + waiting.Count - beforeStop.Count);
        var answers = beforeStop.Concat(rest).ToDictionary(answer => answer.GetProperty("id").GetInt64());

        Assert.All(waitingTorvalds, id => AssertSupersededInTheConsole(answers[id], waitingTorvalds));
        Assert.All(waitingLinus, id => Assert.False(IsSupersededInTheConsole(answers[id]), $"Linus's motion went on: {answers[id]}"));
        var sent = console.Sent.Skip(sentBefore).ToList();
        var stopAt = sent.FindIndex(entry => entry.StartsWith("POST /robots/Torvalds/drive", StringComparison.Ordinal) && entry.Contains("\"stop\"", StringComparison.Ordinal));
        Assert.True(stopAt >= 0, "the stop reached the api");
        Assert.DoesNotContain(sent, entry => entry.Contains("/robots/Torvalds/", StringComparison.Ordinal) && !entry.Contains("\"stop\"", StringComparison.Ordinal));
        Assert.Equal(waitingLinus.Count, sent.Count(entry => entry.Contains("/robots/Linus/", StringComparison.Ordinal)));
        Assert.Equal(Direction.Stop, console.Api.Robot("Torvalds").GetState().Motion);
    }

    [Fact]
    public async Task AnEmergencyStop_OvertakesEveryMotionWaitingOnItsSocket_ForEveryRobot()
    {
        using var socket = await ConnectAsync();
        var sentBefore = console.Sent.Count;
        console.Close();
        var inFlight = Enumerable.Range(1, CommandSocket.MaxInFlight).Select(id => Drive(id, "Torvalds", Forward)).ToList();
        var waitingIds = Enumerable.Range(100, 20).Select(id => (long)id).ToList();
        var waiting = waitingIds.Select(id => Drive(id, id % 2 == 0 ? "Linus" : "Torvalds", Forward));

        var (beforeStop, estop) = await SendThenReadUntilTheStopAsync(socket, inFlight.Concat(waiting), $$"""{"id":{{StopId}},"command":"estop"}""");

        Assert.Equal(200, estop.GetProperty("status").GetInt32());
        Assert.True(console.Api.Robot("Linus").GetState().EmergencyStopLatched);
        Assert.All(beforeStop, answer => AssertSupersededInTheConsole(answer, waitingIds));
        console.DropHeld();
        var rest = await ReadAsync(socket, inFlight.Count + waitingIds.Count - beforeStop.Count);
        var answers = beforeStop.Concat(rest).ToDictionary(answer => answer.GetProperty("id").GetInt64());
        Assert.All(waitingIds, id => AssertSupersededInTheConsole(answers[id], waitingIds));
        Assert.DoesNotContain(console.Sent.Skip(sentBefore), entry => entry.Contains("\"forward\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MoreCommandsWaitingThanTheBound_CloseTheSocket_AndNoneOfThemIsSent()
    {
        using var socket = await ConnectAsync();
        console.Close();
        var before = console.Sent.Count;

        for (var id = 1; id <= CommandSocket.MaxInFlight + CommandSocket.MaxWaiting + 1; id++)
        {
            await CommandSocketClient.SendOnlyAsync(socket, Drive(id, "Torvalds", Forward));
        }

        WebSocketMessageType type;
        do
        {
            (type, _) = await CommandSocketClient.ReceiveMessageAsync(socket);
        }
        while (type != WebSocketMessageType.Close);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        console.DropHeld();
        Assert.Equal(before, console.Sent.Count);
    }

    /// <summary>A motion that waited on the socket, answered superseded by the console itself (the api's would say where it was overtaken).</summary>
    private static void AssertSupersededInTheConsole(JsonElement answer, IReadOnlyCollection<long> waiting)
    {
        Assert.True(IsSupersededInTheConsole(answer), $"superseded on the socket: {answer}");
        Assert.Contains(answer.GetProperty("id").GetInt64(), waiting);
    }

    private static bool IsSupersededInTheConsole(JsonElement answer) =>
        answer.GetProperty("status").GetInt32() == 409
        && answer.GetProperty("body").TryGetProperty("type", out var type) && type.GetString() == ProblemTypes.Superseded
        && answer.GetProperty("body").GetProperty("detail").GetString()!.Contains("command socket", StringComparison.Ordinal);

    private static string Drive(long id, string robot, string body) =>
        $$"""{"id":{{id}},"command":"drive","robot":"{{robot}}","body":{{body}}}""";

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var cookies = await CommandSocketClient.SignInAsync(console.Address!, ConsoleWithApi.Users[OperatorRoles.Operator], ConsoleWithApi.Password);
        return await CommandSocketClient.ConnectAsync(console.Address!, cookies);
    }

    /// <summary>Sends the motions, then the stop (its id <see cref="StopId"/>); the answers that came before the stop's, in order, and the stop's.</summary>
    private static async Task<(List<JsonElement> BeforeStop, JsonElement Stop)> SendThenReadUntilTheStopAsync(
        WebSocket socket, IEnumerable<string> motions, string stop)
    {
        foreach (var message in motions.Append(stop))
        {
            await CommandSocketClient.SendOnlyAsync(socket, message);
        }

        var answers = new List<JsonElement>();
        while (true)
        {
            var answer = await CommandSocketClient.ReceiveAsync(socket);
            if (answer.GetProperty("id").GetInt64() == StopId)
            {
                return (answers, answer);
            }

            answers.Add(answer);
        }
    }

    private static async Task<List<JsonElement>> ReadAsync(WebSocket socket, int count)
    {
        var answers = new List<JsonElement>();
        while (answers.Count < count)
        {
            answers.Add(await CommandSocketClient.ReceiveAsync(socket));
        }

        return answers;
    }
}
