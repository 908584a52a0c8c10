namespace DualRobot.Frontend.Operators;

/// <param name="PasswordHash">ASP.NET Core Identity's v3 format: PBKDF2-HMAC-SHA512, salted, base64.</param>
public sealed class OperatorUser
{
    public string? PasswordHash { get; set; }

    /// <summary>
    /// <see cref="OperatorRoles"/>: viewer, operator or supervisor. Unset: operator, except for the single-password
    /// user (<c>Operators:UserName</c>), which is a supervisor.
    /// </summary>
    public string? Role { get; set; }
}
