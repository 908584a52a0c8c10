using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DualRobot.Frontend.Control;

namespace DualRobot.Tests.Frontend.Control;

/// <summary>The order a command socket's commands go in: motions in turn through their places, stops never behind them.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class SocketCommandQueueTests
{
    private static readonly JsonSerializerOptions Json = ConsoleJson();

    private readonly SocketCommandQueue _queue = new(maxInFlight: 2, maxWaiting: 4);

    [Fact]
    public void Motions_GoInTurn_ThroughTheirPlaces()
    {
        var (a, b, c) = (Motion(1, "Linus"), Motion(2, "Linus"), Motion(3, "Linus"));

        Assert.Same(a, _queue.Add(a).Start);
        Assert.Same(b, _queue.Add(b).Start);
        Assert.Null(_queue.Add(c).Start);
        Assert.Same(c, _queue.Done(a));
        Assert.Null(_queue.Done(b));
        Assert.Null(_queue.Done(c));
    }

    [Fact]
    public void AStop_GoesAtOnce_AndTakesOnlyItsRobotsWaitingMotionsOutOfTheQueue()
    {
        var inFlight = Motion(1, "Linus");
        _queue.Add(inFlight);
        _queue.Add(Motion(2, "Linus"));
        var waiting = new[] { Motion(3, "Torvalds"), Motion(4, "Linus"), Motion(5, "torvalds") };
        foreach (var motion in waiting)
        {
            _queue.Add(motion);
        }

        var stop = Stop(6, "Torvalds");
        var admission = _queue.Add(stop);

        Assert.Same(stop, admission.Start);
        Assert.Equal([3L, 5L], admission.Superseded.Select(motion => motion.Id));
        Assert.Equal(4, _queue.Done(inFlight)?.Id); // the next place goes to Linus's motion, still waiting
    }

    [Fact]
    public void AnEmergencyStop_TakesEveryWaitingMotionOutOfTheQueue()
    {
        _queue.Add(Motion(1, "Linus"));
        _queue.Add(Motion(2, "Linus"));
        _queue.Add(Motion(3, "Torvalds"));
        _queue.Add(Motion(4, "Linus"));

        var admission = _queue.Add(Read("""{"id":9,"command":"estop"}"""));

        Assert.NotNull(admission.Start);
        Assert.Equal([3L, 4L], admission.Superseded.Select(motion => motion.Id));
    }

    [Fact]
    public void Stops_HavePlacesOfTheirOwn_AndWaitOnlyForEachOther()
    {
        _queue.Add(Motion(1, "Linus"));
        _queue.Add(Motion(2, "Linus"));
        var (first, second, third) = (Stop(3, "Linus"), Stop(4, "Torvalds"), Stop(5, "Linus"));

        Assert.Same(first, _queue.Add(first).Start);
        Assert.Same(second, _queue.Add(second).Start);
        Assert.Null(_queue.Add(third).Start);
        Assert.Same(third, _queue.Done(first));
    }

    [Fact]
    public void MoreWaitingThanTheBound_IsAnOverflow_AndAfterCloseNothingGoes()
    {
        for (var id = 1; id <= 6; id++)
        {
            Assert.False(_queue.Add(Motion(id, "Linus")).Overflow);
        }

        Assert.True(_queue.Add(Motion(7, "Linus")).Overflow);
        _queue.Close();
        Assert.Null(_queue.Done(Motion(1, "Linus")));
        Assert.Null(_queue.Add(Stop(8, "Linus")).Start);
    }

    private static SocketMessage Motion(long id, string robot) =>
        Read($$$"""{"id":{{{id}}},"command":"drive","robot":"{{{robot}}}","body":{"direction":"forward"}}""");

    private static SocketMessage Stop(long id, string robot) =>
        Read($$$"""{"id":{{{id}}},"command":"drive","robot":"{{{robot}}}","body":{"direction":"stop"}}""");

    /// <summary>As the console reads bodies: web defaults and the contract's strict rules.</summary>
    private static JsonSerializerOptions ConsoleJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ContractJson.Configure(options);
        return options;
    }

    private static SocketMessage Read(string message)
    {
        var read = SocketMessage.Read(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, Json);
        Assert.Null(read.Refusal);
        return read;
    }
}
