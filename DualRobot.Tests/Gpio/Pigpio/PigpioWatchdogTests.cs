using System.Device.Gpio;
using System.Text.RegularExpressions;
using DualRobot.Api.Gpio;
using DualRobot.Api.Gpio.Pigpio;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Devices;
using DualRobot.Api.Robots.Motion;
using DualRobot.TestSupport.PigpioEmulator;
using DualRobot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static DualRobot.Tests.Gpio.Pigpio.PigpioTestSupport;

namespace DualRobot.Tests.Gpio.Pigpio;

/// <summary>
/// The watchdog script at the emulator's pins: Linus's drive train on a pigpio backend whose script the emulator runs.
/// How long the script waited is the delay it had executed since its last kick (<see cref="PigpioEmulatorScriptCommand.DelaySinceUpdate"/>),
/// a count of its own steps: nothing here times anything.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed partial class PigpioWatchdogTests : IAsyncLifetime
{
    private const int LeftEnable = 12;
    private const int RightEnable = 26;
    private const int Eye = RobotSettings.LinusEye;
    private const int ServoPin = 22;
    private const uint Procd = 39;
    private const uint Proc = 38;
    private static readonly int[] DirectionPins = RobotSettings.LinusDirectionPins;

    private readonly PigpioEmulator _daemon = new();
    private readonly RobotOptions _linus = new()
    {
        LeftMotor = new() { Forward = 13, Backward = 21, Enable = LeftEnable },
        RightMotor = new() { Forward = 17, Backward = 27, Enable = RightEnable },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Connect_StoresOneRunningScript_MarkedAsOurs_ThatNamesOnlyTheMotorPins()
    {
        using var backend = await StartAsync(marginMs: 250);

        var script = Assert.Single(_daemon.Scripts);
        Assert.True(backend.WatchdogArmed);
        Assert.Contains(script.Status, new[] { 2, 3 });
        Assert.Equal(unchecked((int)PigpioWatchdog.Marker), script.Parameters[2]);
        Assert.Equal(DirectionPins.Concat([LeftEnable, RightEnable]).Sum(pin => 1 << pin), script.Parameters[3]);
        Assert.Equal(backend.WatchdogScript, script.Text);
        Assert.Equal(
            DirectionPins.Concat([LeftEnable, RightEnable]).Order(),
            PinCommand().Matches(script.Text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task NewScriptStillInitialising_IsRunOnceTheDaemonIsReady()
    {
        // pigpiod answers PROCR "script initialising" (-62) until a new script's thread is up.
        _daemon.ScriptInitialisingRuns = 3;

        using var backend = await StartAsync(marginMs: 250);

        Assert.True(backend.WatchdogArmed);
        Assert.Contains(Assert.Single(_daemon.Scripts).Status, new[] { 2, 3 });
    }

    [Fact]
    public async Task NoKickWithinLeasePlusMargin_TheScriptTurnsTheMotorsOff_AndLeavesEyeAndServosAlone()
    {
        using var backend = await StartAsync(marginMs: 100);
        using var drive = new DriveTrain(backend, _linus);
        backend.Controller.OpenPin(Eye, PinMode.Output, PinValue.High);
        using var servo = backend.CreatePwmChannel(ServoPin, 50, 0.075);
        drive.Apply(Direction.Forward, 0.5, TimeSpan.FromMilliseconds(200));
        Assert.Equal([1, 0, 1, 0], DirectionPins.Select(_daemon.GetLevel));
        _daemon.ClearRequests();

        await _daemon.WaitForLevelAsync(DirectionPins[0], 0, Generous);
        await _daemon.WaitForScriptCommandAsync(c => c.P1 == (uint)DirectionPins[^1], Generous);

        // Every motor pin off, by the script alone, at 300 ms of its own counting (+ at most one 10 ms tick).
        var fire = _daemon.ScriptCommands;
        Assert.Equal([LeftEnable, RightEnable, .. DirectionPins], fire.Select(c => (int)c.P1));
        Assert.All(fire, c => Assert.InRange(c.DelaySinceUpdate, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(309)));
        Assert.Empty(_daemon.Requests);
        Assert.Equal([0, 0, 0, 0], DirectionPins.Select(_daemon.GetLevel));
        Assert.Equal(0, _daemon.GetDutyCycle(LeftEnable));
        Assert.Equal(0, _daemon.GetDutyCycle(RightEnable));
        Assert.Equal(1, _daemon.GetLevel(Eye));
        Assert.Equal(0.075, _daemon.GetDutyCycle(ServoPin), precision: 4);
    }

    [Fact]
    public async Task Stop_StandsTheScriptDown_WithoutFiring()
    {
        using var backend = await StartAsync(marginMs: 50);
        using var drive = new DriveTrain(backend, _linus);
        drive.Apply(Direction.Forward, 1, TimeSpan.FromMilliseconds(100));

        drive.Apply(Direction.Stop, 0);
        Assert.Equal(117u, _daemon.Requests[^2].Command);

        // Long past lease + margin by the script's own count, and it never wrote a pin.
        await Eventually.True(() => _daemon.Scripts.Single().DelaySinceUpdate >= TimeSpan.FromMilliseconds(400), "the script counts on");
        Assert.Empty(_daemon.ScriptCommands);
    }

    [Fact]
    public async Task Renewals_KeepTheMotion_EvenPastTheFirstLease()
    {
        using var backend = await StartAsync(marginMs: 2000);
        using var drive = new DriveTrain(backend, _linus);
        var lease = TimeSpan.FromMilliseconds(100);
        drive.Apply(Direction.Forward, 1, lease);

        for (var i = 0; i < 5; i++)
        {
            // Renewed only once the script has counted past the lease: the margin is what keeps the motion.
            await Eventually.True(() => _daemon.Scripts.Single().DelaySinceUpdate >= lease, "the script counts past the lease");
            var roundTrips = backend.RoundTrips;
            Assert.False(drive.Renew(lease));
            Assert.Equal(roundTrips + 1, backend.RoundTrips);
        }

        Assert.Empty(_daemon.ScriptCommands);
        Assert.Equal([1, 0, 1, 0], DirectionPins.Select(_daemon.GetLevel));
    }

    [Fact]
    public async Task MotionAfterAFire_WritesTheWholeMotionAgain_DutiesIncluded()
    {
        using var backend = await StartAsync(marginMs: 0);
        var fires = new List<int>();
        backend.WatchdogFired += (_, count) => fires.Add(count);
        using var drive = new DriveTrain(backend, _linus);
        drive.Apply(Direction.Forward, 0.5, TimeSpan.FromMilliseconds(50));
        await _daemon.WaitForScriptCommandAsync(c => c.P1 == (uint)DirectionPins[^1], Generous);

        // The same speed as before: the drive train thinks the duties are set, but the script zeroed them.
        var applied = drive.Apply(Direction.Forward, 0.5, TimeSpan.FromSeconds(5));

        Assert.Equal(new SideValues(0.5, 0.5), applied);
        Assert.Equal([1], fires);
        Assert.Equal([1, 0, 1, 0], DirectionPins.Select(_daemon.GetLevel));
        Assert.Equal(0.5, _daemon.GetDutyCycle(LeftEnable), precision: 4);
        Assert.Equal(0.5, _daemon.GetDutyCycle(RightEnable), precision: 4);
    }

    [Fact]
    public async Task RenewalAfterAFire_ReportsIt()
    {
        using var backend = await StartAsync(marginMs: 0);
        using var drive = new DriveTrain(backend, _linus);
        drive.Apply(Direction.Forward, 1, TimeSpan.FromMilliseconds(50));
        await _daemon.WaitForScriptCommandAsync(c => c.P1 == (uint)DirectionPins[^1], Generous);

        Assert.True(drive.Renew(TimeSpan.FromSeconds(5)));
        Assert.False(drive.Renew(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Reconnect_ReplacesTheScript_NotDoubled_AndReportsWhatTheOldOneDid()
    {
        using var backend = await StartAsync(marginMs: 0);
        var fires = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        backend.WatchdogFired += (_, count) => fires.TrySetResult(count);
        using var drive = new DriveTrain(backend, _linus);
        drive.Apply(Direction.Forward, 1, TimeSpan.FromMilliseconds(50));
        var old = Assert.Single(_daemon.Scripts);

        // The link is cut: the script fires on its own, and the api learns of it when it is back.
        var lost = WaitForConnection(backend, false);
        _daemon.Stop();
        await lost;
        await _daemon.WaitForLevelAsync(DirectionPins[0], 0, Generous);
        _daemon.ClearRequests();
        var back = WaitForConnection(backend, true);
        _daemon.Restart(resetPins: false);
        await back;

        Assert.Equal(1, await fires.Task.WaitAsync(Generous));
        var replacement = Assert.Single(_daemon.Scripts);
        Assert.Equal(0, replacement.Parameters[1]);
        Assert.Contains(_daemon.Requests, r => r.Command == Procd && r.P1 == (uint)old.Id);
        Assert.Single(_daemon.Requests, r => r.Command == Proc);
        Assert.True(backend.WatchdogArmed);
    }

    [Fact]
    public async Task AFireAlreadyReported_IsNotReportedAgain_ByTheReconnect()
    {
        using var backend = await StartAsync(marginMs: 0);
        var fires = new List<int>();
        backend.WatchdogFired += (_, count) => fires.Add(count);
        using var drive = new DriveTrain(backend, _linus);
        drive.Apply(Direction.Forward, 1, TimeSpan.FromMilliseconds(50));
        await _daemon.WaitForScriptCommandAsync(c => c.P1 == (uint)DirectionPins[^1], Generous);
        drive.Apply(Direction.Stop, 0);
        Assert.Equal([1], fires);

        var lost = WaitForConnection(backend, false);
        _daemon.Stop();
        await lost;
        var back = WaitForConnection(backend, true);
        _daemon.Restart(resetPins: false);
        await back;

        Assert.Equal([1], fires);
        Assert.Single(_daemon.Scripts);
    }

    [Fact]
    public async Task AnotherBackendsScript_OnTheSameDaemon_IsLeftAlone()
    {
        using var linus = await StartAsync(marginMs: 250);
        var torvalds = new MotorPins([8, 7, 9, 10], []);

        using var other = await StartConnectedAsync(_daemon, motors: torvalds);

        Assert.Equal(2, _daemon.Scripts.Count);
        Assert.True(linus.WatchdogArmed);
        Assert.True(other.WatchdogArmed);
    }

    [Fact]
    public async Task ScriptDeletedFromOutside_TheNextMotionFails_AndTheReconnectPutsItBack()
    {
        using var backend = await StartAsync(marginMs: 250);
        using var drive = new DriveTrain(backend, _linus);
        using (var intruder = new PigpioConnection("127.0.0.1", _daemon.Port, FastOptions(Generous), NullLogger.Instance))
        {
            await intruder.ConnectAsync();
            intruder.Execute(PigpioCommand.Procd, (uint)_daemon.Scripts.Single().Id);
        }

        var back = WaitForConnection(backend, true);
        Assert.Throws<GpioBackendUnavailableException>(() => drive.Apply(Direction.Forward, 1, TimeSpan.FromSeconds(1)));

        await back;
        await Eventually.True(() => backend.WatchdogArmed, "the reconnect stores a new script");
        Assert.Contains(Assert.Single(_daemon.Scripts).Status, new[] { 2, 3 });
    }

    [Fact]
    public async Task Dispose_StopsAndDeletesTheScript()
    {
        var backend = await StartAsync(marginMs: 250);

        backend.Dispose();

        Assert.Empty(_daemon.Scripts);
    }

    [Fact]
    public async Task NoMotorPins_NoScript()
    {
        using var backend = await StartConnectedAsync(_daemon);

        Assert.Empty(_daemon.Scripts);
        Assert.False(backend.WatchdogArmed);
        Assert.False(backend.RenewMotion(TimeSpan.FromSeconds(1)));
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    private Task<PigpioGpioBackend> StartAsync(int marginMs)
    {
        var options = FastOptions();
        options.WatchdogMarginMs = marginMs;
        return StartConnectedAsync(_daemon, options, _linus.MotorPins());
    }

    [GeneratedRegex(@"(?:pwm|w) (\d+) 0")]
    private static partial Regex PinCommand();
}
