using DualRobot.TestSupport.PigpioEmulator;
using DualRobot.Tests.Support;

namespace DualRobot.Tests.Gpio.Pigpio;

/// <summary>The emulator's fidelity, judged by the real Debian clients: <c>pigs</c> and python3-pigpio.</summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class PigpioEmulatorClientTests : IAsyncLifetime
{
    private readonly PigpioEmulator _emulator = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_ModeWriteRead_PrintsLevelAndSetsPin()
    {
        var result = await Pigs("m", "16", "w", "w", "16", "1", "r", "16");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("1", result.StandardOutput.Trim());
        Assert.Equal(1, _emulator.GetMode(16));
        Assert.Equal(1, _emulator.GetLevel(16));
        Assert.Equal(
            [(0u, 16u, 1u), (4u, 16u, 1u), (3u, 16u, 0u)],
            _emulator.Requests.Select(r => (r.Command, r.P1, r.P2)));
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_PwmSetup_ReportsClosestFrequencyRealRangeAndDuty()
    {
        var result = await Pigs("pfs", "12", "100", "prs", "12", "10000", "p", "12", "5000", "gdc", "12");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["100", "2000", "5000"], Lines(result.StandardOutput));
        Assert.Equal(0.5, _emulator.GetDutyCycle(12));
        Assert.Equal(1, _emulator.GetMode(12));
        Assert.Equal(100, _emulator.GetPwmFrequency(12));
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_Pfs_ReturnsClosestAvailableFrequency()
    {
        var result = await Pigs("pfs", "4", "90", "pfg", "4", "prrg", "4");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["100", "100", "2000"], Lines(result.StandardOutput));
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_BadGpio_Exits253WithErrorCode()
    {
        var result = await Pigs("w", "99", "1");

        Assert.Equal(253, result.ExitCode);
        Assert.Equal("-3", result.StandardOutput.Trim());
        Assert.Contains("ERROR", result.StandardError);
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_WriteEndsPwm_GdcFailsWithNotPwm()
    {
        var result = await Pigs("p", "12", "128", "w", "12", "0", "gdc", "12");

        Assert.Equal(253, result.ExitCode);
        Assert.Equal("-92", result.StandardOutput.Trim());
        Assert.Equal(0, _emulator.GetLevel(12));
        Assert.Equal(0, _emulator.GetDutyCycle(12));
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_BankClearAndSet_ChangeOnlyOutputs()
    {
        var result = await Pigs("m", "5", "w", "m", "6", "w", "bs1", "0x160", "br1", "bc1", "0x20", "br1");

        Assert.True(result.ExitCode == 0, result.ToString());

        // pigs prints BR1 as 8 hex digits. GPIO 8 is an input, so its latch does not show.
        Assert.Equal(["00000060", "00000040"], Lines(result.StandardOutput));
        Assert.Equal(0, _emulator.GetLevel(5));
        Assert.Equal(1, _emulator.GetLevel(6));
        Assert.Equal(0, _emulator.GetLevel(8));
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_HardwareRevisionAndVersion_AreAPi3BOnPigpio79()
    {
        var result = await Pigs("hwver", "pigpv");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([0xa02082.ToString(System.Globalization.CultureInfo.InvariantCulture), "79"], Lines(result.StandardOutput));
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_ServoPulse_IsReportedByGpw()
    {
        var result = await Pigs("s", "13", "1500", "gpw", "13", "s", "13", "3000");

        Assert.Equal(253, result.ExitCode);
        Assert.Equal(["1500", "-7"], Lines(result.StandardOutput));
        Assert.Equal(1500, _emulator.GetServoPulseWidth(13));
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_NoDaemon_Exits255()
    {
        _emulator.Stop();

        var result = await Pigs("w", "16", "1");

        Assert.Equal(255, result.ExitCode);
    }

    [RequiresToolFact(Tools.PythonPigpio)]
    public async Task Python_FullSession_MatchesDaemonBehaviour()
    {
        var script = """
            import pigpio, sys
            pi = pigpio.pi('127.0.0.1', PORT)
            print(pi.connected)
            pi.set_mode(16, pigpio.OUTPUT)
            pi.write(16, 1)
            print(pi.read(16))
            print(pi.set_PWM_frequency(12, 100))
            print(pi.set_PWM_range(12, 10000))
            pi.set_PWM_dutycycle(12, 2500)
            print(pi.get_PWM_dutycycle(12))
            pi.set_servo_pulsewidth(13, 1750)
            print(pi.get_servo_pulsewidth(13))
            print(pi.get_hardware_revision())
            try:
                pi.write(99, 1)
                print('no error')
            except pigpio.error as e:
                print('error:', e)
            pi.stop()
            """.Replace("PORT", _emulator.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var result = await ProcessRunner.RunAsync(
            Tools.Require(Tools.PythonPigpio), ["-c", script], timeout: PigpioTestSupport.Generous);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["True", "1", "100", "2000", "2500", "1750", 0xa02082.ToString(System.Globalization.CultureInfo.InvariantCulture), "error: 'GPIO not 0-53'"],
            Lines(result.StandardOutput));
        Assert.Equal(1, _emulator.GetLevel(16));
        Assert.Equal(0.25, _emulator.GetDutyCycle(12));
        Assert.Equal(1750, _emulator.GetServoPulseWidth(13));

        // The notification socket: BR1 then NOIB on its own connection, and NC for that handle on pi.stop().
        var noib = await _emulator.WaitForRequestAsync(r => r.Command == 99, PigpioTestSupport.Generous);
        var nc = await _emulator.WaitForRequestAsync(r => r.Command == 21, PigpioTestSupport.Generous);
        var br1 = _emulator.Requests.First(r => r.Command == 10);
        var write = _emulator.Requests.First(r => r.Command == 4);
        Assert.Equal(noib.ConnectionId, br1.ConnectionId);
        Assert.Equal(noib.ConnectionId, nc.ConnectionId);
        Assert.NotEqual(noib.ConnectionId, write.ConnectionId);
        Assert.Equal((uint)noib.Result!.Value, nc.P1);
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_ManualsScriptExample_StoresRunsAndCountsDownToHalt()
    {
        var stored = await Pigs("proc", "tag", "123", "w", "4", "0", "mils", "2", "w", "4", "1", "mils", "2", "dcr", "p0", "jp", "123");
        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.Equal("0", stored.StandardOutput.Trim());

        var run = await Pigs("procr", "0", "3");
        Assert.True(run.ExitCode == 0, run.ToString());
        await Eventually.True(() => _emulator.Scripts.Single().Status == 1, "the script halts once p0 is below zero");

        var status = await Pigs("procp", "0");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("1 -1 0 0 0 0 0 0 0 0 0", status.StandardOutput.Trim());
        Assert.Equal(1, _emulator.GetLevel(4));
        Assert.Equal(8, _emulator.ScriptCommands.Count(c => c.Command == 4 && c.P1 == 4));
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_ProcuWhileRunning_ThenProcsAndProcd()
    {
        await Pigs("proc", "tag", "0", "mils", "5", "jmp", "0");
        await Pigs("procr", "0");

        var update = await Pigs("procu", "0", "50", "500000", "procp", "0");

        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Matches("^[23] 50 500000 0 0 0 0 0 0 0 0$", update.StandardOutput.Trim());
        var stopped = await Pigs("procs", "0", "procp", "0", "procd", "0");
        Assert.Equal("1 50 500000 0 0 0 0 0 0 0 0", stopped.StandardOutput.Trim());
        Assert.Empty(_emulator.Scripts);
    }

    [RequiresToolFact(Tools.Pigs)]
    public async Task Pigs_ScriptErrors_AreExit253WithPigpiosCodes()
    {
        var unresolved = await Pigs("proc", "tag", "123", "w", "4", "0", "mils", "5", "jmp", "12");
        var unknownId = await Pigs("procd", "7");

        Assert.Equal(253, unresolved.ExitCode);
        Assert.Equal("-63", unresolved.StandardOutput.Trim());
        Assert.Contains("unresolved tag", unresolved.StandardError);
        Assert.Equal(253, unknownId.ExitCode);
        Assert.Equal("-48", unknownId.StandardOutput.Trim());
        Assert.Contains("unknown script id", unknownId.StandardError);
    }

    [RequiresToolFact(Tools.PythonPigpio)]
    public async Task Python_ScriptLifecycle_StoreRunUpdateStatusStopDelete()
    {
        var script = """
            import pigpio, time
            pi = pigpio.pi('127.0.0.1', PORT)
            sid = pi.store_script(b'tag 0 mils 5 lda p0 sta p2 jmp 0')
            print(sid)
            print(pi.run_script(sid, [7, 8]))
            print(pi.update_script(sid, [42]))
            while pi.script_status(sid)[1][2] != 42:
                time.sleep(0.01)
            status, params = pi.script_status(sid)
            print(status in (pigpio.PI_SCRIPT_RUNNING, pigpio.PI_SCRIPT_WAITING), list(params[:3]))
            print(pi.stop_script(sid))
            print(pi.script_status(sid)[0] == pigpio.PI_SCRIPT_HALTED)
            print(pi.delete_script(sid))
            try:
                pi.script_status(sid)
                print(pi.script_status(sid)[0])
            except pigpio.error as e:
                print('error:', e)
            try:
                pi.store_script(b'tag 0 w 22 1 mills 50')
            except pigpio.error as e:
                print('error:', e)
            pi.stop()
            """.Replace("PORT", _emulator.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var result = await ProcessRunner.RunAsync(
            Tools.Require(Tools.PythonPigpio), ["-c", script], timeout: PigpioTestSupport.Generous);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["0", "0", "0", "True [42, 8, 42]", "0", "True", "0", "-48", "error: 'invalid script'"], Lines(result.StandardOutput));
    }

    [RequiresToolFact(Tools.PythonPigpio)]
    public async Task Python_NoDaemon_ReportsNotConnected()
    {
        _emulator.Stop();
        var script = $"import pigpio; pi = pigpio.pi('127.0.0.1', {_emulator.Port}); print(pi.connected)";

        var result = await ProcessRunner.RunAsync(
            Tools.Require(Tools.PythonPigpio), ["-c", script], timeout: PigpioTestSupport.Generous);

        Assert.Contains("False", Lines(result.StandardOutput));
    }

    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private Task<ProcessResult> Pigs(params string[] arguments) =>
        ProcessRunner.RunAsync(
            Tools.Require(Tools.Pigs),
            arguments,
            new Dictionary<string, string?>
            {
                ["PIGPIO_ADDR"] = "127.0.0.1",
                ["PIGPIO_PORT"] = _emulator.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            PigpioTestSupport.Generous);
}
