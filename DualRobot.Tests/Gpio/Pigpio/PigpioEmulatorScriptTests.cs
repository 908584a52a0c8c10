using System.Buffers.Binary;
using System.Text;
using DualRobot.Api.Gpio.Pigpio;
using DualRobot.TestSupport.PigpioEmulator;
using DualRobot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualRobot.Tests.Gpio.Pigpio;

/// <summary>
/// The emulator's scripts as pigpio's manual describes them (store, run, parameters, status, stop, delete, the virtual
/// machine), driven over the socket by our own connection. The real clients check the same in PigpioEmulatorClientTests.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class PigpioEmulatorScriptTests : IAsyncLifetime
{
    private readonly PigpioEmulator _daemon = new();
    private PigpioConnection _connection = null!;

    public async Task InitializeAsync()
    {
        // These tests are about scripts, not timeouts: at the suite's start a busy thread pool can keep the emulator
        // from answering the handshake within the usual 2 s (seen in CI), so the connection waits as long as any test.
        _connection = new PigpioConnection("127.0.0.1", _daemon.Port, PigpioTestSupport.FastOptions(PigpioTestSupport.Generous), NullLogger.Instance);
        await _connection.ConnectAsync();
    }

    public static TheoryData<string, int> BadScripts => new()
    {
        { "tag 0 w 22 1 mills 50", -47 },          // unknown word: PI_BAD_SCRIPT
        { "w 22", -47 },                           // a parameter short
        { "tag 0 dcr p10 jmp 0", -52 },             // PI_BAD_PARAM_NUM
        { "ld v150 1", -56 },                      // PI_BAD_VAR_NUM
        { "tag 1 tag 1 halt", -53 },                // PI_DUP_TAG
        { "tag 0 w 4 0 jmp 12", -63 },              // PI_BAD_TAG, as in the manual's PROC example
        { "procr 0", -55 },                        // not permitted within a script: PI_BAD_SCRIPT_CMD
        { "wait 16", -55 },                        // permitted in pigpio, not emulated: refused the same way
    };

    [Theory]
    [MemberData(nameof(BadScripts))]
    public void Proc_BadScript_AnswersPigpiosErrorCode_AndStoresNothing(string text, int error)
    {
        Assert.Equal(error, Send(Proc(text)));
        Assert.Equal(error, Send(new PigpioRequest((PigpioCommand)48, 0, 0) { Extension = Encoding.ASCII.GetBytes(text) }));
        Assert.Empty(_daemon.Scripts);
    }

    [Fact]
    public async Task ManualsCountdown_RunsToHalt_WithItsPinWritesAttributedToTheScript()
    {
        var id = Send(Proc("tag 999 w 22 1 mils 1 w 22 0 dcr p0 jp 999"));
        Assert.Equal(0, id);

        Assert.Equal(0, Send(Parameters(PigpioCommand.Procr, id, 3)));
        await Eventually.True(() => _daemon.Scripts.Single().Status == 1, "the script halts once p0 is below zero");

        var (status, parameters) = Status(id);
        Assert.Equal(1, status);
        Assert.Equal([-1, 0, 0, 0, 0, 0, 0, 0, 0, 0], parameters);
        // Four passes (p0 = 3, 2, 1, 0), each writing 1 then 0, none of them a client's request.
        Assert.Equal(8, _daemon.ScriptCommands.Count(c => c.ScriptId == id && c.Command == 4 && c.P1 == 22));
        Assert.DoesNotContain(_daemon.Requests, r => r.Command == 4);
        Assert.Equal(0, _daemon.GetLevel(22));
        Assert.Equal(TimeSpan.FromMilliseconds(4), _daemon.Scripts.Single().DelaySinceUpdate);
    }

    [Fact]
    public async Task Procu_OverwritesOnlyTheParametersGiven_WhileTheScriptRuns()
    {
        var id = Send(Proc("tag 0 mils 5 lda p0 sta p2 jmp 0"));
        Assert.Equal(0, Send(Parameters(PigpioCommand.Procr, id, 7, 8, 9)));

        Assert.Equal(0, Send(Parameters(PigpioCommand.Procu, id, 42)));

        await Eventually.True(() => Status(id).Parameters[2] == 42, "the running script copies the new p0 into p2");
        var (status, parameters) = Status(id);
        Assert.Contains(status, new[] { 2, 3 });
        Assert.Equal([42, 8, 42], parameters.Take(3));
    }

    [Fact]
    public async Task VirtualMachine_ArithmeticFlagsStackAndSubroutines()
    {
        // p1 = (6 * 7 - 2) % 7 = 5; p2 counts v0 down from 3 (JNZ); p3 = 3 << 2 via the stack; p4 set by a subroutine.
        var id = Send(Proc(
            "lda 6 mlt 7 sub 2 mod 7 sta p1 " +
            "ld v0 3 tag 1 inr p2 dcr v0 jnz 1 " +
            "lda 3 pusha lda 0 popa rla 2 sta p3 " +
            "call 5 halt tag 5 ld p4 0x10 ret"));
        Assert.Equal(0, Send(Parameters(PigpioCommand.Procr, id)));
        await Eventually.True(() => _daemon.Scripts.Single().Status == 1, "the script halts");

        Assert.Equal([0, 5, 3, 12, 16], Status(id).Parameters.Take(5));
    }

    [Fact]
    public async Task FailingCommand_FailsTheScript()
    {
        var id = Send(Proc("w 99 1 ld p0 1"));
        Assert.Equal(0, Send(Parameters(PigpioCommand.Procr, id)));

        await Eventually.True(() => _daemon.Scripts.Single().Status == 4, "a command's error fails the script");
        Assert.Equal(0, Status(id).Parameters[0]);
    }

    [Fact]
    public async Task ProcsAndProcd_StopThenForgetTheScript()
    {
        var id = Send(Proc("tag 0 mils 5 jmp 0"));
        Send(Parameters(PigpioCommand.Procr, id));
        await Eventually.True(() => _daemon.Scripts.Single().Status is 2 or 3, "the script runs");

        Assert.Equal(0, Send(new PigpioRequest(PigpioCommand.Procs, (uint)id, 0)));
        Assert.Equal(1, Status(id).Status);
        Assert.Equal(0, Send(new PigpioRequest(PigpioCommand.Procd, (uint)id, 0)));

        Assert.Equal(-48, Send(new PigpioRequest(PigpioCommand.Procp, (uint)id, 0)));
        Assert.Equal(-48, Send(Parameters(PigpioCommand.Procu, id, 1)));
        Assert.Empty(_daemon.Scripts);
    }

    [Fact]
    public void Procr_WhileInitialising_AnswersNotReady_ThenRuns()
    {
        _daemon.ScriptInitialisingRuns = 1;
        var id = Send(Proc("tag 0 mils 5 jmp 0"));

        Assert.Equal(0, Status(id).Status);
        Assert.Equal(-62, Send(Parameters(PigpioCommand.Procr, id)));
        Assert.Equal(0, Send(Parameters(PigpioCommand.Procr, id)));
    }

    [Fact]
    public void DaemonRestart_ForgetsScripts_ANetworkBlipKeepsThem()
    {
        var id = Send(Proc("tag 0 mils 5 jmp 0"));
        Send(Parameters(PigpioCommand.Procr, id));

        _daemon.Stop();
        _daemon.Restart(resetPins: false);
        Assert.Single(_daemon.Scripts);

        _daemon.Restart(resetPins: true);
        Assert.Empty(_daemon.Scripts);
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _daemon.DisposeAsync();
    }

    private static PigpioRequest Proc(string text) => new(PigpioCommand.Proc, 0, 0) { Extension = Encoding.ASCII.GetBytes(text) };

    private static PigpioRequest Parameters(PigpioCommand command, int id, params int[] values)
    {
        var extension = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(extension.AsSpan(i * 4), values[i]);
        }

        return new PigpioRequest(command, (uint)id, 0) { Extension = extension };
    }

    private int Send(PigpioRequest request)
    {
        Span<int> result = stackalloc int[1];
        Span<byte> data = stackalloc byte[44];
        _connection.Send([request], result, data);
        return result[0];
    }

    private (int Status, int[] Parameters) Status(int id)
    {
        Span<int> result = stackalloc int[1];
        var data = new byte[44];
        _connection.Send([new PigpioRequest(PigpioCommand.Procp, (uint)id, 0)], result, data);
        Assert.Equal(44, result[0]);
        var values = Enumerable.Range(0, 11).Select(i => BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(i * 4))).ToArray();
        return (values[0], values[1..]);
    }
}
