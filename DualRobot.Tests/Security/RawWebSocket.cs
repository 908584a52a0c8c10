using System.Net;
using System.Net.Sockets;
using System.Text;
using DualRobot.Frontend.Apis;

namespace DualRobot.Tests.Security;

/// <summary>
/// The command socket over a bare TCP connection, for a client no library would be: the HTTP/1.1 handshake, then
/// frames written by hand, and nothing read or answered unless the test says so. Shows what the console itself does
/// with such a client: whether it writes a close frame, and whether it ends the connection rather than wait.
/// </summary>
internal sealed class RawWebSocket : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWebSocket(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawWebSocket> ConnectAsync(Uri console, CookieContainer cookies)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(console.Host, console.Port);
        var socket = new RawWebSocket(tcp);
        var head = $"GET {CommandSocketApi.Path} HTTP/1.1\r\nHost: {console.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   + $"Sec-WebSocket-Key: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\r\nSec-WebSocket-Version: 13\r\n"
                   + $"Origin: {console.Scheme}://{console.Authority}\r\nCookie: {cookies.GetCookieHeader(console)}\r\n\r\n";
        await socket._stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var reply = new StringBuilder();
        var one = new byte[1];
        while (!reply.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await socket._stream.ReadAsync(one) == 1)
        {
            reply.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", reply.ToString(), StringComparison.Ordinal);
        return socket;
    }

    /// <summary>One unfragmented text frame, masked as a client's must be (with a zero key, so the payload reads as is).</summary>
    public async Task SendTextAsync(int length)
    {
        var payload = Encoding.ASCII.GetBytes(new string(' ', length));
        var frame = new List<byte> { 0x81 };
        if (length < 126)
        {
            frame.Add((byte)(0x80 | length));
        }
        else
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(length >> 8));
            frame.Add((byte)length);
        }

        frame.AddRange(new byte[4]);
        frame.AddRange(payload);
        await _stream.WriteAsync(frame.ToArray());
    }

    /// <summary>
    /// Reads what the console writes until it ends the connection, within the hang guard: the close frames it sent
    /// (their status codes), in order. A console that waits for this client's close frame never ends it, and the
    /// hang guard fails the test.
    /// </summary>
    public async Task<IReadOnlyList<int>> ReadUntilTheConsoleHangsUpAsync(TimeSpan hangGuard)
    {
        using var guard = new CancellationTokenSource(hangGuard);
        var received = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, guard.Token)) > 0)
            {
                received.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (IOException)
        {
            // Reset rather than ended: hung up all the same.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The console still held the connection {hangGuard.TotalSeconds:0} s on; close frames so far: {string.Join(", ", CloseStatuses(received))}.");
        }

        return CloseStatuses(received);
    }

    /// <summary>The status of every close frame (opcode 8) among the server's unmasked frames.</summary>
    private static List<int> CloseStatuses(List<byte> bytes)
    {
        var statuses = new List<int>();
        for (var at = 0; at + 2 <= bytes.Count;)
        {
            var opcode = bytes[at] & 0x0F;
            var length = bytes[at + 1] & 0x7F;
            var header = 2;
            if (length == 126)
            {
                length = (bytes[at + 2] << 8) | bytes[at + 3];
                header = 4;
            }

            if (opcode == 8 && length >= 2)
            {
                statuses.Add((bytes[at + header] << 8) | bytes[at + header + 1]);
            }

            at += header + length;
        }

        return statuses;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }
}
