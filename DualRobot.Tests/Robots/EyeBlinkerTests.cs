using DualRobot.Api.Robots;
using DualRobot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Robots;

[Trait(Tier.Name, Tier.Unit)]
public sealed class EyeBlinkerTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly FakeTimeProvider _time = new();
    private readonly EyeBlinker _blinker;
    private int _ticks;

    public EyeBlinkerTests() => _blinker = new EyeBlinker(_time, Interval, () =>
    {
        _ticks++;
        return Task.CompletedTask;
    });

    [Fact]
    public void Blink_TicksEveryInterval_FromOneIntervalOn()
    {
        _blinker.Follow(EyeState.Blink);

        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _ticks);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _ticks);
        _time.Advance(Interval * 3);
        Assert.Equal(4, _ticks);
    }

    [Theory]
    [InlineData(EyeState.On)]
    [InlineData(EyeState.Off)]
    public void AnythingButBlink_StopsTheTicks(EyeState eye)
    {
        _blinker.Follow(EyeState.Blink);
        _time.Advance(Interval);

        _blinker.Follow(eye);
        _time.Advance(Interval * 4);

        Assert.Equal(1, _ticks);
    }

    [Fact]
    public void Stop_StopsTheTicks()
    {
        _blinker.Follow(EyeState.Blink);

        _blinker.Stop();
        _time.Advance(Interval * 4);

        Assert.Equal(0, _ticks);
    }

    [Fact]
    public void BlinkAgain_RestartsTheInterval()
    {
        _blinker.Follow(EyeState.Blink);
        _time.Advance(Interval - TimeSpan.FromMilliseconds(100));

        _blinker.Follow(EyeState.Blink);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, _ticks);
        _time.Advance(Interval - TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, _ticks);
    }

    public void Dispose() => _blinker.Dispose();
}
