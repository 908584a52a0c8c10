using DualRobot.Api.Control;

namespace DualRobot.Tests.Control;

[Trait(Tier.Name, Tier.Unit)]
public sealed class CommandGateTests
{
    [Fact]
    public async Task Waiters_EnterInArrivalOrder()
    {
        var gate = new CommandGate();
        await gate.EnterAsync();
        var order = new List<int>();
        var waiters = Enumerable.Range(0, 5).Select(async i =>
        {
            await gate.EnterAsync();
            order.Add(i);
            gate.Exit();
        }).ToList();

        gate.Exit();
        await Task.WhenAll(waiters);

        Assert.Equal([0, 1, 2, 3, 4], order);
    }

    [Fact]
    public async Task PriorityWaiter_EntersAheadOfQueuedCommands_ButBehindEarlierStops()
    {
        var gate = new CommandGate();
        await gate.EnterAsync();
        var order = new List<string>();
        async Task Enter(string name, bool priority)
        {
            await gate.EnterAsync(priority);
            order.Add(name);
            gate.Exit();
        }

        var tasks = new[]
        {
            Enter("drive1", false),
            Enter("drive2", false),
            Enter("stop1", true),
            Enter("stop2", true),
        };
        gate.Exit();
        await Task.WhenAll(tasks);

        Assert.Equal(["stop1", "stop2", "drive1", "drive2"], order);
    }

    [Fact]
    public async Task RunAsync_LetsTheNextInEvenWhenTheBodyThrows()
    {
        var gate = new CommandGate();

        await Assert.ThrowsAsync<InvalidOperationException>(() => gate.RunAsync<int>(priority: false, () => throw new InvalidOperationException()));

        Assert.Equal(42, await gate.RunAsync(priority: false, () => 42).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task QueuedBodies_RunInArrivalOrder_StopsFirst_WhileTheGateIsHeld()
    {
        var gate = new CommandGate();
        await gate.EnterAsync();
        var order = new List<string>();
        var tasks = new[]
        {
            gate.RunAsync(priority: false, () => { order.Add("drive1"); return 1; }),
            gate.RunAsync(priority: false, () => { order.Add("drive2"); return 2; }),
            gate.RunAsync(priority: true, () => { order.Add("stop1"); return 3; }),
            gate.RunAsync(priority: true, () => { order.Add("stop2"); return 4; }),
        };

        Assert.Empty(order); // nothing runs while someone holds the gate
        gate.Exit();

        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([1, 2, 3, 4], results);
        Assert.Equal(["stop1", "stop2", "drive1", "drive2"], order);
    }

    [Fact]
    public async Task QueuedBody_RunsInItsCallersContext_AndItsFailureIsItsCallersAlone()
    {
        var gate = new CommandGate();
        var caller = new AsyncLocal<string>();
        await gate.EnterAsync();
        caller.Value = "first";
        var first = gate.RunAsync<string>(priority: false, () => throw new InvalidOperationException(caller.Value));
        caller.Value = "second";
        var second = gate.RunAsync(priority: false, () => caller.Value);
        caller.Value = "holder";

        gate.Exit();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => first.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("first", failure.Message);
        Assert.Equal("second", await second.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("holder", caller.Value);
        Assert.Equal(3, await gate.RunAsync(priority: false, () => 3).WaitAsync(TimeSpan.FromSeconds(30))); // free again
    }

    [Fact]
    public async Task AWaiterForTheGateItself_GetsItAfterTheBodiesQueuedBeforeIt()
    {
        var gate = new CommandGate();
        await gate.EnterAsync();
        var order = new List<string>();
        var body = gate.RunAsync(priority: false, () => { order.Add("body"); return 0; });
        var entered = gate.EnterAsync();
        var after = gate.RunAsync(priority: false, () => { order.Add("after"); return 0; });

        gate.Exit();
        await entered.WaitAsync(TimeSpan.FromSeconds(30));
        order.Add("entered");
        Assert.False(after.IsCompleted); // held by the waiter now
        gate.Exit();
        await Task.WhenAll(body, after).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["body", "entered", "after"], order);
    }
}
