using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// A hash that cannot be read, a short password, a session that cannot last, an unknown role or a user name the audit
/// trail could not record faithfully (control, invisible formatting or line separator characters such as CR, LF,
/// U+202E or U+2028; over 256 characters) is a mistake in configuration: say so at start-up, naming the setting
/// (the name shown with those characters escaped), not at the first sign-in.
/// </summary>
public sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
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
            var setting = $"{OperatorOptions.SectionName}:Users:{OperatorNames.Printable(user)}";
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

    /// <summary>Null for a name the api accepts in its identity header and the trail records as is (<see cref="OperatorNames"/>).</summary>
    public static string? InvalidName(string name) => OperatorNames.Problem(name) is { } problem ? $"user names {problem}" : null;
}
