using DualRobot.Api.Robots;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualRobot.Tests.Robots;

/// <summary>The lock beside the audit trail that lets one process own the robots (flock, verified in process here).</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class RobotOwnershipTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dualrobot-ownership-");

    private string AuditPath => Path.Combine(_directory.FullName, "data", "audit.db");

    [Fact]
    public void Acquire_TakesAnExclusiveLockBesideTheAuditFile_CreatingItsFolder()
    {
        using var owner = RobotOwnership.Acquire(AuditPath, NullLogger.Instance);

        Assert.Equal(AuditPath + ".lock", owner.LockPath);
        Assert.True(File.Exists(owner.LockPath));
    }

    [Fact]
    public void Acquire_WhileAnotherHolderLives_RefusesAndSaysItIsHeldElsewhere()
    {
        // flock belongs to an open file, not a process: a second open in this process is refused as another one would be.
        using var owner = RobotOwnership.Acquire(AuditPath, NullLogger.Instance);

        var refused = Assert.Throws<RobotOwnershipException>(() => RobotOwnership.Acquire(AuditPath, NullLogger.Instance));

        Assert.True(refused.HeldElsewhere);
        Assert.Equal(owner.LockPath, refused.LockPath);
        Assert.Contains("Another live api instance owns these robots", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_AfterTheHolderLetGo_Succeeds_AndKeepsTheFile()
    {
        RobotOwnership.Acquire(AuditPath, NullLogger.Instance).Dispose();

        using var next = RobotOwnership.Acquire(AuditPath, NullLogger.Instance);

        Assert.True(File.Exists(next.LockPath)); // never deleted: see RobotOwnership's remarks
    }

    [Fact]
    public void Acquire_WhereTheLockCannotBeCreated_Refuses_WithTheReason()
    {
        // A file where the lock's folder should be: no lock can be created there, so ownership cannot be proven.
        var blocked = Path.Combine(_directory.FullName, "blocked");
        File.WriteAllText(blocked, "");

        var refused = Assert.Throws<RobotOwnershipException>(() => RobotOwnership.Acquire(Path.Combine(blocked, "audit.db"), NullLogger.Instance));

        Assert.False(refused.HeldElsewhere);
        Assert.Contains("cannot be taken", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
