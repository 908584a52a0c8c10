using DualRobot.Api.Control;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Motion;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Robots;

/// <summary>
/// A command held back after it arrived (here: queued behind another command's slow pin write) until its deadline
/// passed is refused when its turn comes, and moves nothing. Time is a fake clock; the hold is a held write.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class StaleInGateTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly HoldingBackend _backend = new();
    private readonly Robot _robot;

    public StaleInGateTests() => _robot = _backend.CreateLinus(_time);

    [Fact]
    public async Task VelocityHeldInTheGatePastItsDeadline_IsRefusedStale_AndChangesNoPin()
    {
        await _robot.StartAsync();
        _backend.HoldWrites();
        var holding = Task.Run(() => _robot.SetServoAsync(0, 45));
        Assert.True(_backend.WriteStarted.Wait(Generous), "the servo command reached its pin write");

        // In time when it arrives; 2 s later, when its turn comes, past its deadline and the 500 ms allowance.
        var deadline = new CommandDeadline(_time.GetUtcNow().AddSeconds(1));
        var waiting = _robot.VelocityAsync(SideValues.Mix(0.5, 0.2), (0.5, 0.2), TimeSpan.FromSeconds(5), deadline);
        _time.Advance(TimeSpan.FromSeconds(2));
        _backend.ReleaseWrites();

        Assert.True((await holding.WaitAsync(Generous)).IsAccepted);
        var result = await waiting.WaitAsync(Generous);
        Assert.Equal(CommandStatus.Stale, result.Status);
        Assert.Equal(Direction.Stop, _robot.GetState().Motion);
        Assert.All(new[] { 13, 21, 17, 27 }, pin => Assert.Equal(0, (int)_backend.Inner.GetLevel(pin)));
    }

    public void Dispose()
    {
        _backend.ReleaseWrites();
        _robot.Dispose();
    }
}
