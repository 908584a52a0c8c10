namespace DualRobot.Frontend.Operators;

/// <param name="PasswordHash">ASP.NET Core Identity's v3 format: PBKDF2-HMAC-SHA512, salted, base64.</param>
public sealed class OperatorUser
{
    public string? PasswordHash { get; set; }

    /// <summary><see cref="OperatorRoles"/>: viewer, operator (when unset) or supervisor.</summary>
    public string? Role { get; set; }
}
