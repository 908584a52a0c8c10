using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// A hash that cannot be read, a short password, a session that cannot last, an unknown role or a user name the audit
/// trail could not record faithfully (control characters, over 256 characters) is a mistake in configuration: say so
/// at start-up, naming the setting, not at the first sign-in.
/// </summary>
public sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public const int MaxUserNameLength = 256;

    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var failures = new List<string>();
        if (options.Password is { Length: > 0 and < OperatorOptions.MinPasswordLength })
        {
            failures.Add($"{OperatorOptions.SectionName}:Password: must be at least {OperatorOptions.MinPasswordLength} characters.");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{OperatorOptions.SectionName}:SessionLifetime: must be positive, e.g. 12:00:00.");
        }

        if (InvalidName(options.UserName) is { } plainProblem)
        {
            failures.Add($"{OperatorOptions.SectionName}:UserName: {plainProblem}");
        }

        foreach (var (user, account) in options.Users)
        {
            var setting = $"{OperatorOptions.SectionName}:Users:{Printable(user)}";
            if (InvalidName(user) is { } problem)
            {
                failures.Add($"{setting}: {problem}");
            }

            // The plain-password user may have an entry for its role alone.
            var roleOnly = account.PasswordHash is null && string.Equals(user, options.UserName, StringComparison.OrdinalIgnoreCase);
            if (!roleOnly && !PasswordHashFormat.IsReadable(account.PasswordHash))
            {
                failures.Add($"{setting}:PasswordHash: not a password hash; create one with `dotnet run --project DualRobot.Frontend -- hash-password`.");
            }

            if (account.Role is not null && !OperatorRoles.IsKnown(account.Role))
            {
                failures.Add($"{setting}:Role: must be one of {string.Join(", ", OperatorRoles.All)}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Null for a name the api accepts in its identity header and the trail records as is.</summary>
    public static string? InvalidName(string name) =>
        name.Length > MaxUserNameLength ? $"user names must be at most {MaxUserNameLength} characters."
        : name.Any(char.IsControl) ? "user names must not contain control characters."
        : name.Length == 0 || name != name.Trim() ? "user names must not be empty or start or end with white space."
        : null;

    /// <summary>The name as it can be shown in a log line: control characters escaped, at most 64 characters.</summary>
    private static string Printable(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.Length <= 64 ? name : name[..64])
        {
            text.Append(char.IsControl(c) ? $"\\u{((int)c).ToString("x4", CultureInfo.InvariantCulture)}" : c);
        }

        return name.Length <= 64 ? text.ToString() : text + "…";
    }
}
