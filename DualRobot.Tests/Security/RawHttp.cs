using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace DualRobot.Tests.Security;

/// <summary>
/// A request whose body never completes, over a raw connection (TLS optional): the head and the first bytes of the
/// body, then either silence (a slow client, which Kestrel times out at its minimum data rate) or the end of the
/// stream (a truncated body). Returns the status of the reply, or null when the connection closed without one: a
/// client that ends its stream mid-body has gone as far as Kestrel is concerned, and the 400 written for the truncated
/// body may never reach it.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int? Status, string Reply)> SendIncompleteBodyAsync(
        Uri server, string method, string path, IEnumerable<string> headers, string bodyStart, int declaredLength, bool endStream)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        Stream stream = tcp.GetStream();
        SslStream? tls = null;
        if (server.Scheme == Uri.UriSchemeHttps)
        {
            tls = new SslStream(stream, leaveInnerStreamOpen: true, (_, _, _, _) => true);
            await tls.AuthenticateAsClientAsync(server.Host);
            stream = tls;
        }

        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Length: {declaredLength}\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").Append(bodyStart).ToString()));
        await stream.FlushAsync();
        if (endStream)
        {
            if (tls is not null)
            {
                await tls.ShutdownAsync();
            }

            tcp.Client.Shutdown(SocketShutdown.Send);
        }

        // A generous bound for Kestrel's 5 s grace period and 1 s heartbeat, not a measurement.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var reply = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                reply.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (reply.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && IsComplete(reply.ToString()))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // Reset after the reply, or without one: what was read so far tells.
        }

        var text = reply.ToString();
        return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? (int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), text) : (null, text);
    }

    /// <summary>Slow: <paramref name="slow"/>; truncated: a 400 or no reply. Never a 5xx.</summary>
    public static void AssertClientError(int? status, string reply, bool endStream, params int[] slow) =>
        Assert.True(endStream ? status is null or 400 : status is { } code && slow.Contains(code), $"got:\n{reply}");

    private static bool IsComplete(string reply)
    {
        var split = reply.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lengthHeader = reply[..split].Split("\r\n").FirstOrDefault(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return lengthHeader is null
            ? reply.EndsWith("0\r\n\r\n", StringComparison.Ordinal) || !reply[..split].Contains("chunked", StringComparison.OrdinalIgnoreCase)
            : Encoding.UTF8.GetByteCount(reply[(split + 4)..]) >= int.Parse(lengthHeader["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
