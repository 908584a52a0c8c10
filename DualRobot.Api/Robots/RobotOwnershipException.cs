namespace DualRobot.Api.Robots;

/// <summary>The api may not own its robots (see <see cref="RobotOwnership"/>); already logged where it was found.</summary>
public sealed class RobotOwnershipException(string lockPath, bool heldElsewhere, Exception inner)
    : Exception(heldElsewhere
        ? $"Another live api instance owns these robots: {lockPath} is locked."
        : $"The robots' lock {lockPath} cannot be taken: {inner.Message}", inner)
{
    public string LockPath { get; } = lockPath;

    public bool HeldElsewhere { get; } = heldElsewhere;
}
