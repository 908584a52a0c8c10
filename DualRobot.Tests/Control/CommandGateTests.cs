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
}
