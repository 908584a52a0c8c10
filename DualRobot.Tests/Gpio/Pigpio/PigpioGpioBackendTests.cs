using System.Device.Gpio;
using DualRobot.Api.Gpio;
using DualRobot.Api.Gpio.Pigpio;
using DualRobot.TestSupport.PigpioEmulator;
using DualRobot.Tests.Support;
using static DualRobot.Tests.Gpio.Pigpio.PigpioTestSupport;

namespace DualRobot.Tests.Gpio.Pigpio;

/// <summary>The driver, PWM channel and backend against the emulator: what goes on the wire and how faults surface.</summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class PigpioGpioBackendTests : IAsyncLifetime
{
    private readonly PigpioEmulator _emulator = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Write_ThroughController_SendsOneWriteAndNoModeg()
    {
        using var backend = await StartConnectedAsync(_emulator);
        backend.Controller.OpenPin(16, PinMode.Output);
        _emulator.ClearRequests();
        var roundTrips = backend.RoundTrips;

        backend.Controller.Write(16, PinValue.High);

        var request = Assert.Single(_emulator.Requests);
        Assert.Equal((4u, 16u, 1u), (request.Command, request.P1, request.P2));
        Assert.Equal(roundTrips + 1, backend.RoundTrips);
        await _emulator.WaitForLevelAsync(16, 1, Generous);
    }

    [Fact]
    public async Task OpenPin_Output_SendsModesOutput()
    {
        using var backend = await StartConnectedAsync(_emulator);

        backend.Controller.OpenPin(16, PinMode.Output);

        var request = Assert.Single(_emulator.Requests);
        Assert.Equal((0u, 16u, 1u), (request.Command, request.P1, request.P2));
        Assert.Equal(1, _emulator.GetMode(16));
        Assert.Equal(PinMode.Output, backend.Controller.GetPinMode(16));
    }

    [Fact]
    public async Task OpenPin_InputPullUp_SendsModesAndPudInOneRoundTrip()
    {
        using var backend = await StartConnectedAsync(_emulator);
        var roundTrips = backend.RoundTrips;

        backend.Controller.OpenPin(5, PinMode.InputPullUp);

        Assert.Equal([(0u, 5u, 0u), (2u, 5u, 2u)], _emulator.Requests.Select(r => (r.Command, r.P1, r.P2)));
        Assert.Equal(roundTrips + 1, backend.RoundTrips);
        Assert.Equal(PinValue.High, backend.Controller.Read(5));
    }

    [Fact]
    public async Task Write_BytesOnTheWire_MatchProtocolExample()
    {
        using var backend = await StartConnectedAsync(_emulator);
        backend.Controller.OpenPin(16, PinMode.Output);
        _emulator.ClearRequests();

        backend.Controller.Write(16, PinValue.High);

        byte[] expected = [0x04, 0, 0, 0, 0x10, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(expected, Assert.Single(_emulator.Requests).Raw);
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Write_BytesOnTheWire_AreIdenticalToPigs()
    {
        var pigs = await ProcessRunner.RunAsync(
            Tools.Require(Tools.Pigs),
            ["m", "16", "w", "w", "16", "1"],
            new Dictionary<string, string?> { ["PIGPIO_ADDR"] = "127.0.0.1", ["PIGPIO_PORT"] = _emulator.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Generous);
        Assert.True(pigs.ExitCode == 0, pigs.ToString());
        var fromPigs = _emulator.Requests.Select(r => r.Raw).ToArray();
        _emulator.ClearRequests();
        using var backend = await StartConnectedAsync(_emulator);

        backend.Controller.OpenPin(16, PinMode.Output);
        backend.Controller.Write(16, PinValue.High);

        Assert.Equal(fromPigs, _emulator.Requests.Select(r => r.Raw).ToArray());
    }

    [Fact]
    public async Task BatchWrite_FourDirectionPins_OneRoundTripClearThenSet()
    {
        using var backend = await StartConnectedAsync(_emulator);
        foreach (var pin in new[] { 17, 27, 22, 23 })
        {
            backend.Controller.OpenPin(pin, PinMode.Output, pin is 27 or 22 ? PinValue.High : PinValue.Low);
        }

        _emulator.ClearRequests();
        var roundTrips = backend.RoundTrips;

        backend.Write([new(17, PinValue.High), new(27, PinValue.Low), new(22, PinValue.Low), new(23, PinValue.High)]);

        Assert.Equal(roundTrips + 1, backend.RoundTrips);
        Assert.Equal(
            [(12u, (1u << 27) | (1u << 22)), (14u, (1u << 17) | (1u << 23))],
            _emulator.Requests.Select(r => (r.Command, r.P1)));
        Assert.Equal([1, 0, 0, 1], new[] { 17, 27, 22, 23 }.Select(_emulator.GetLevel));
    }

    [Fact]
    public async Task BatchWrite_PinNotAnOutput_ThrowsWithoutSending()
    {
        using var backend = await StartConnectedAsync(_emulator);
        backend.Controller.OpenPin(5, PinMode.Input);
        _emulator.ClearRequests();

        Assert.Throws<InvalidOperationException>(() => backend.Write([new(5, PinValue.High)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => backend.Write([new(40, PinValue.High)]));
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task PwmChannel_Create_SendsPfsPrsAndScaledPwmInOneRoundTrip()
    {
        using var backend = await StartConnectedAsync(_emulator);
        var roundTrips = backend.RoundTrips;

        using var channel = backend.CreatePwmChannel(12, 100, 0.25);

        Assert.Equal(roundTrips + 1, backend.RoundTrips);
        Assert.Equal(
            [(7u, 12u, 100u), (6u, 12u, 10000u), (5u, 12u, 2500u)],
            _emulator.Requests.Select(r => (r.Command, r.P1, r.P2)));
        Assert.Equal(0.25, _emulator.GetDutyCycle(12));
        Assert.Equal(100, channel.Frequency);
    }

    [Fact]
    public async Task PwmChannel_DutyCycle_OnePwmRoundTrip()
    {
        using var backend = await StartConnectedAsync(_emulator);
        using var channel = backend.CreatePwmChannel(12, 100, 0);
        _emulator.ClearRequests();
        var roundTrips = backend.RoundTrips;

        channel.DutyCycle = 0.5;

        Assert.Equal(roundTrips + 1, backend.RoundTrips);
        var request = Assert.Single(_emulator.Requests);
        Assert.Equal((5u, 12u, 5000u), (request.Command, request.P1, request.P2));
        Assert.Equal(0.5, _emulator.GetDutyCycle(12));
        Assert.Throws<ArgumentOutOfRangeException>(() => channel.DutyCycle = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => channel.DutyCycle = double.NaN);
    }

    [Fact]
    public async Task PwmChannel_FrequencyStopStartDispose_DriveTheDaemon()
    {
        using var backend = await StartConnectedAsync(_emulator);
        var channel = backend.CreatePwmChannel(12, 100, 0.5);

        channel.Frequency = 90;
        Assert.Equal(100, channel.Frequency);
        channel.Frequency = 50;
        Assert.Equal(50, _emulator.GetPwmFrequency(12));
        Assert.Equal(10000, _emulator.GetPwmRange(12));

        channel.Stop();
        Assert.Equal(0, _emulator.GetDutyCycle(12));
        channel.Start();
        Assert.Equal(0.5, _emulator.GetDutyCycle(12));

        channel.Dispose();
        Assert.Equal(0, _emulator.GetDutyCycle(12));
        Assert.Equal(0, _emulator.GetLevel(12));
    }

    [Fact]
    public async Task PwmChannel_BadPin_ThrowsArgumentOutOfRange()
    {
        using var backend = await StartConnectedAsync(_emulator);

        Assert.Throws<ArgumentOutOfRangeException>(() => backend.CreatePwmChannel(32, 100, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => backend.CreatePwmChannel(12, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => backend.CreatePwmChannel(12, 100, -0.1));
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task DaemonRestart_ReconnectsAndReplaysModesButNotLevelsOrDuty()
    {
        using var backend = await StartConnectedAsync(_emulator);
        backend.Controller.OpenPin(17, PinMode.Output);
        backend.Controller.Write(17, PinValue.High);
        using var channel = backend.CreatePwmChannel(22, 100, 0.5);
        var lost = WaitForConnection(backend, false);

        _emulator.Stop();

        // The first command after the drop may be the one that finds it; either way it is "unavailable", never a hang.
        Assert.Throws<GpioBackendUnavailableException>(() => backend.Controller.Write(17, PinValue.Low));
        await lost;
        Assert.False(backend.IsConnected);
        Assert.Throws<GpioBackendUnavailableException>(() => backend.Controller.Write(17, PinValue.Low));
        Assert.Throws<GpioBackendUnavailableException>(() => channel.DutyCycle = 0.1);

        var found = WaitForConnection(backend, true);
        _emulator.Restart(resetPins: true);
        await found;

        Assert.Equal(1, _emulator.GetMode(17));
        Assert.Equal(0, _emulator.GetLevel(17));
        Assert.Equal(100, _emulator.GetPwmFrequency(22));
        Assert.Equal(10000, _emulator.GetPwmRange(22));
        Assert.Equal(0, _emulator.GetDutyCycle(22));
        Assert.Equal(0, channel.DutyCycle);

        _emulator.ClearRequests();
        var roundTrips = backend.RoundTrips;
        backend.Controller.Write(17, PinValue.High);
        Assert.Equal(roundTrips + 1, backend.RoundTrips);
        var request = Assert.Single(_emulator.Requests);
        Assert.Equal((4u, 17u, 1u), (request.Command, request.P1, request.P2));
        await _emulator.WaitForLevelAsync(17, 1, Generous);
    }

    [Fact]
    public async Task IdleConnection_DaemonRestart_IsDetectedWithoutCommands()
    {
        using var backend = await StartConnectedAsync(_emulator);
        var lost = WaitForConnection(backend, false);

        _emulator.Stop();
        await lost;

        var found = WaitForConnection(backend, true);
        _emulator.Restart(resetPins: false);
        await found;
        Assert.Equal(0, backend.Connection.Execute(PigpioCommand.Bs1, 1u << 4));
    }

    [Fact]
    public async Task NotStarted_CommandsThrowUnavailableImmediately()
    {
        using var backend = CreateBackend(_emulator.Port);

        Assert.False(backend.IsConnected);
        Assert.Throws<GpioBackendUnavailableException>(() => backend.Controller.OpenPin(16, PinMode.Output));
        Assert.Throws<GpioBackendUnavailableException>(() => backend.CreatePwmChannel(12, 100, 0));
        Assert.Equal(0, _emulator.RequestCount);
    }

    [Fact]
    public async Task Connect_ClosedPort_ThrowsUnavailable()
    {
        using var backend = CreateBackend(Network.FreeTcpPort());

        await Assert.ThrowsAsync<GpioBackendUnavailableException>(() => backend.Connection.ConnectAsync().WaitAsync(Generous));
        Assert.False(backend.IsConnected);
    }

    [Fact]
    public async Task Command_SwallowedByDaemon_ThrowsUnavailableAfterCommandTimeout()
    {
        using var backend = await StartConnectedAsync(_emulator, FastOptions(commandTimeout: TimeSpan.FromMilliseconds(200)));
        var lost = WaitForConnection(backend, false);
        _emulator.SwallowRequests = true;

        var attempt = Task.Run(() => backend.Controller.OpenPin(16, PinMode.Output));

        await Assert.ThrowsAsync<GpioBackendUnavailableException>(() => attempt.WaitAsync(Generous));
        // The socket is dropped, so a late reply can never be read as the answer to a later command. (The reconnect
        // loop may already be connected again by now: TCP still answers; only the daemon is silent.)
        await lost.WaitAsync(Generous);
        Assert.Throws<GpioBackendUnavailableException>(() => backend.Controller.Read(16));
    }

    [Fact]
    public async Task Connect_DaemonAcceptsButNeverAnswers_IsUnavailable_NotConnected()
    {
        _emulator.SwallowRequests = true;
        using var backend = CreateBackend(_emulator.Port, FastOptions(commandTimeout: TimeSpan.FromMilliseconds(200)));

        var error = await Assert.ThrowsAsync<GpioBackendUnavailableException>(() => backend.Connection.ConnectAsync().WaitAsync(Generous));

        Assert.Contains("did not answer HWVER", error.Message);
        Assert.False(backend.Connection.IsConnected);
        Assert.Throws<GpioBackendUnavailableException>(() => backend.Connection.Execute(PigpioCommand.Hwver));
    }

    [Fact]
    public async Task Connect_SendsOneHandshake_ThenCountsAsConnected()
    {
        using var backend = CreateBackend(_emulator.Port, FastOptions());

        await backend.Connection.ConnectAsync().WaitAsync(Generous);

        Assert.True(backend.Connection.IsConnected);
        Assert.Equal(17u, Assert.Single(_emulator.Requests).Command); // HWVER
    }

    [Fact]
    public async Task SlowReplies_LongerThanCommandTimeout_UnavailableThenRecovers()
    {
        using var backend = await StartConnectedAsync(_emulator, FastOptions(commandTimeout: TimeSpan.FromMilliseconds(250)));
        backend.Controller.OpenPin(16, PinMode.Output);
        var lost = WaitForConnection(backend, false);

        // Far beyond the command timeout, so a slow test machine cannot turn it into a success.
        _emulator.ReplyDelay = TimeSpan.FromSeconds(5);

        var attempt = Task.Run(() => backend.Controller.Write(16, PinValue.High));

        await Assert.ThrowsAsync<GpioBackendUnavailableException>(() => attempt.WaitAsync(Generous));
        await lost;
        _emulator.ReplyDelay = TimeSpan.Zero;
        await WaitForConnection(backend, true);
        backend.Controller.Write(16, PinValue.High);
        await _emulator.WaitForLevelAsync(16, 1, Generous);
    }

    [Fact]
    public async Task NegativeResult_ThrowsPigpioExceptionAndStaysConnected()
    {
        using var backend = await StartConnectedAsync(_emulator);

        var error = Assert.Throws<PigpioException>(() => backend.Connection.Execute(PigpioCommand.Write, 99, 1));
        var unknown = Assert.Throws<PigpioException>(() => backend.Connection.Execute((PigpioCommand)200));

        Assert.Equal(PigpioError.BadGpio, error.ErrorCode);
        Assert.Equal(PigpioCommand.Write, error.Command);
        Assert.Contains("WRITE", error.Message);
        Assert.Equal(PigpioError.UnknownCommand, unknown.ErrorCode);
        Assert.True(backend.IsConnected);
        Assert.Equal(0xa02082, backend.Connection.Execute(PigpioCommand.Hwver));
    }

    [Fact]
    public async Task Pipeline_SeveralCommands_OneRoundTripAllResults()
    {
        using var backend = await StartConnectedAsync(_emulator);
        var roundTrips = backend.RoundTrips;
        var results = new int[3];

        backend.Connection.Execute(
            [new(PigpioCommand.Hwver, 0, 0), new(PigpioCommand.Pigpv, 0, 0), new(PigpioCommand.Pfs, 4, 100)],
            results);

        Assert.Equal(roundTrips + 1, backend.RoundTrips);
        Assert.Equal([0xa02082, 79, 100], results);
    }

    [Fact]
    public async Task Emulator_ManyClients_AreServedConcurrently()
    {
        var backends = new List<PigpioGpioBackend>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                backends.Add(await StartConnectedAsync(_emulator));
            }

            await Task.WhenAll(backends.Select((b, i) => Task.Run(() =>
            {
                b.Controller.OpenPin(4 + i, PinMode.Output);
                for (var n = 0; n < 50; n++)
                {
                    b.Controller.Write(4 + i, n % 2 == 0 ? PinValue.High : PinValue.Low);
                }
            })).ToArray()).WaitAsync(Generous);

            Assert.Equal(4, _emulator.Requests.Select(r => r.ConnectionId).Distinct().Count());
            Assert.All(Enumerable.Range(4, 4), pin => Assert.Equal(0, _emulator.GetLevel(pin)));
        }
        finally
        {
            backends.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public void Options_Defaults_AndValidation()
    {
        var options = new PigpioOptions();

        Assert.Equal(TimeSpan.FromSeconds(2), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.ReconnectMinDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ReconnectMaxDelay);
        options.Validate();
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => new PigpioOptions { CommandTimeout = TimeSpan.Zero }.Validate());
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => new PigpioOptions { ReconnectMinDelay = TimeSpan.FromSeconds(10), ReconnectMaxDelay = TimeSpan.FromSeconds(1) }.Validate());
    }

    [Fact]
    public void Backend_Kind_IsPigpio()
    {
        using var backend = CreateBackend(_emulator.Port);

        Assert.Equal("Pigpio", backend.Kind);
    }
}
