using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace DualRobot.Api.Hosting;

/// <summary>
/// systemd's notification protocol (sd_notify): one datagram per message to the unix socket named by
/// <c>NOTIFY_SOCKET</c> (a leading <c>@</c> is the abstract namespace). Present only when systemd started the process
/// with <c>Type=notify</c>; the watchdog interval comes from <c>WATCHDOG_USEC</c>, for this process only when
/// <c>WATCHDOG_PID</c> is absent or names it.
/// </summary>
internal sealed class SystemdNotifier : IDisposable
{
    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _endpoint;

    private SystemdNotifier(string path, TimeSpan? watchdog)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _endpoint = new UnixDomainSocketEndPoint(path.StartsWith('@') ? "\0" + path[1..] : path);
        WatchdogInterval = watchdog;
    }

    /// <summary>systemd's watchdog timeout for this process, if it set one: a ping must come within it.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>The notifier the environment asks for, or null when the process was not started by systemd with one.</summary>
    public static SystemdNotifier? FromEnvironment()
    {
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        var forUs = string.IsNullOrEmpty(pid) || pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        TimeSpan? watchdog = forUs && long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;
        return new SystemdNotifier(path, watchdog);
    }

    /// <summary>Sends one message (<c>READY=1</c>, <c>WATCHDOG=1</c>, <c>STOPPING=1</c>); false if systemd's socket refused it.</summary>
    public bool Notify(string message)
    {
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(message), _endpoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();
}
