using System.Net.Sockets;
using System.Text;

namespace DualRobot.Tests.Frontend;

/// <summary>For the tests' own little servers: the head of an HTTP request read off the connection.</summary>
internal static class RequestHead
{
    /// <summary>The request's head up to its blank line, or null when the peer closed first.</summary>
    public static async Task<string?> ReadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var head = new StringBuilder();
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return head.ToString();
    }
}
