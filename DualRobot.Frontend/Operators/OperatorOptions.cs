using System.ComponentModel.DataAnnotations;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// The <c>Operators</c> section: who may drive. Either one plain password for <see cref="UserName"/> (what the
/// AppHost passes from its secret <c>operator-password</c> parameter) or hashed accounts under <see cref="Users"/>,
/// or both. With neither, nobody can sign in and the console is read-only.
/// </summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Operators";

    [Required]
    [MinLength(1)]
    public string UserName { get; set; } = "operator";

    /// <summary>At least this long: the sign-in limit slows guessing, a long password makes it hopeless.</summary>
    public const int MinPasswordLength = 12;

    /// <summary>Plain password of <see cref="UserName"/>; comes from a secret, never from a committed file.</summary>
    public string? Password { get; set; }

    /// <summary><c>Operators:Users:&lt;name&gt;:PasswordHash</c>, made with <c>hash-password</c>.</summary>
    public Dictionary<string, OperatorUser> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a sign-in lasts however busy the session is; an idle one ends after 8 h.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Sign-in attempts allowed per client address per minute, successful or not.</summary>
    [Range(1, 1000)]
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>
    /// Failed sign-ins allowed per user name per hour, from all addresses together; a browser the user signed in
    /// from before has a budget of its own (see <see cref="SignInThrottle"/>).
    /// </summary>
    [Range(1, 100_000)]
    public int SignInFailuresPerAccountPerHour { get; set; } = 30;
}
