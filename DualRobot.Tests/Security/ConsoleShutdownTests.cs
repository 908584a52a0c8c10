using System.Diagnostics;
using System.Net.WebSockets;
using DualRobot.Tests.Frontend;
using Xunit.Abstractions;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 7: on SIGTERM the console waited for its command sockets to end by themselves, which an idle
/// operator's page never does, so it took the host's whole shutdown timeout (30 s) to exit and then reset them
/// without a close frame; in a cluster, a rollout that waits out the grace period. Now every command socket is sent a
/// close frame (1001, going away) as the console begins to stop, and one whose client does not answer it is dropped
/// after a second. The console as a real process (its own build, Production), a page's socket that answers the close
/// and a hand-made one that never reads. The time to exit is written to the test's output, not asserted: the
/// target, 2 s, is a measurement's, not a test's.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ConsoleShutdownTests(ITestOutputHelper output)
{
    private const string Password = "shutdown-test-operator-password";

    [Fact]
    public async Task Sigterm_WithCommandSocketsOpen_SendsEachACloseFrame1001_AndTheConsoleExits()
    {
        await using var console = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["Api__BaseAddress"] = $"http://127.0.0.1:{Network.FreeTcpPort()}",
            ["Operators__Password"] = Password,
        }, ApiProcess.Frontend);
        var cookies = await CommandSocketClient.SignInAsync(console.BaseAddress, "operator", Password);
        using var page = await CommandSocketClient.ConnectAsync(console.BaseAddress, cookies);
        using var silent = await RawWebSocket.ConnectAsync(console.BaseAddress, cookies);
        // The page reads as a browser does; the other client never reads nor answers anything.
        var pageClose = CommandSocketClient.ReceiveMessageAsync(page);
        var silentCloses = silent.ReadUntilTheConsoleHangsUpAsync(CommandSocketClient.HangGuard);

        var terminated = Stopwatch.StartNew();
        console.Terminate();
        var (type, _) = await pageClose;
        Assert.Equal(WebSocketMessageType.Close, type);
        await page.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        using (var exit = new CancellationTokenSource(CommandSocketClient.HangGuard))
        {
            await console.WaitForExitAsync(exit.Token);
        }

        output.WriteLine($"The console exited {terminated.ElapsedMilliseconds} ms after SIGTERM (target: 2,000 ms), two command sockets open.");
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, page.CloseStatus);
        Assert.Equal([(int)WebSocketCloseStatus.EndpointUnavailable], await silentCloses);
        Assert.Equal(0, console.ExitCode);
        Assert.DoesNotContain(console.Output.Split('\n'), line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal));
    }
}
