using System.Runtime.InteropServices;

namespace DualRobot.Api.Robots;

/// <summary>
/// This process's claim to its robots: an exclusive lock on a file beside the audit trail (<c>audit.db.lock</c>), held
/// for the whole life of the process. A second api started on the same audit path (a second replica, a pod started
/// while the old one still runs, a second <c>dotnet run</c>) cannot take it and refuses to start before any robot
/// exists, so no pin is ever driven by two processes. The kernel releases the lock when its holder ends, however it
/// ends: a crashed api never blocks the next one, and there is no lease to wait out.
/// </summary>
/// <remarks>
/// The lock is flock(2). <see cref="FileShare.None"/> asks .NET for it, but .NET takes it only where it judges the file
/// system able to, ignores every failure but "already held", and skips it entirely under
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>; so on Unix it is taken again here, explicitly, and any failure refuses
/// the start. The file is never deleted: deleting a lock file lets a waiting process lock the old inode while a third
/// creates and locks a new one.
/// </remarks>
public sealed partial class RobotOwnership : IDisposable
{
    /// <summary>The process's exit code when it refuses (EX_TEMPFAIL: the other instance may go away; try again later).</summary>
    public const int RefusedExitCode = 75;

    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11;

    private readonly FileStream _lock;

    private RobotOwnership(string path, FileStream lockFile)
    {
        LockPath = path;
        _lock = lockFile;
    }

    /// <summary>The lock file: the audit file's path with <c>.lock</c> appended.</summary>
    public string LockPath { get; }

    public static string LockPathFor(string auditPath) => auditPath + ".lock";

    /// <summary>Takes the lock for the robots whose audit trail is <paramref name="auditPath"/>, or logs why not and throws.</summary>
    /// <exception cref="RobotOwnershipException">Another live instance holds the lock, or it cannot be taken.</exception>
    public static RobotOwnership Acquire(string auditPath, ILogger logger)
    {
        var path = LockPathFor(Path.GetFullPath(auditPath));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Read access is enough for flock, and lets a lock file that already exists be opened on a read-only volume.
            var lockFile = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.None);
            try
            {
                LockExclusively(lockFile, path);
            }
            catch
            {
                lockFile.Dispose();
                throw;
            }

            return new RobotOwnership(path, lockFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var heldElsewhere = ex is IOException { HResult: WouldBlock or unchecked((int)0x80070020) };
            if (heldElsewhere)
            {
                LogHeldElsewhere(logger, path);
            }
            else
            {
                LogCannotLock(logger, path, ex.Message);
            }

            throw new RobotOwnershipException(path, heldElsewhere, ex);
        }
    }

    public void Dispose() => _lock.Dispose();

    private static void LockExclusively(FileStream lockFile, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // FileShare.None is a mandatory share lock there: the open itself failed if anyone holds the file.
        }

        if (Flock((int)lockFile.SafeFileHandle.DangerousGetHandle(), LockExclusive | LockNonBlocking) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new IOException($"flock({path}) failed: {Marshal.GetPInvokeErrorMessage(error)}", error);
        }
    }

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(int fd, int operation);

    [LoggerMessage(201, LogLevel.Critical,
        "Not starting: another live api instance owns these robots ({LockPath} is locked). No robot was started and no pin was touched. Stop the other instance, or give this one its own Audit:Path.")]
    private static partial void LogHeldElsewhere(ILogger logger, string lockPath);

    [LoggerMessage(202, LogLevel.Critical,
        "Not starting: the lock {LockPath} that makes this api the robots' only owner cannot be taken ({Reason}). No robot was started and no pin was touched.")]
    private static partial void LogCannotLock(ILogger logger, string lockPath, string reason);
}
