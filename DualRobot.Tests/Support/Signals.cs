using System.Runtime.InteropServices;

namespace DualRobot.Tests.Support;

/// <summary>POSIX signals to a test's child processes: how Kubernetes, systemd, a crash or a stall treat a server.</summary>
internal static class Signals
{
    public const int Kill = 9;
    public const int Terminate = 15;
    public const int Continue = 18;
    public const int Stop = 19;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; fails the test if the kernel refuses.</summary>
    public static void Send(int pid, int signal) => Assert.Equal(0, SendSignal(pid, signal));

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
