namespace DualRobot.Frontend.Security;

/// <summary>
/// The <c>KeyRing</c> section: where ASP.NET Core Data Protection keeps the keys that protect the sign-in cookie and
/// the antiforgery tokens.
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "KeyRing";

    /// <summary>
    /// A directory that outlives the process (a volume in Kubernetes). Unset, the keys live where ASP.NET Core puts
    /// them by default, in memory when the home directory is read-only as in the container, so a restart signs every
    /// operator out and makes every open console refuse commands until it is reloaded.
    /// </summary>
    public string? Path { get; set; }
}
