using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Operators;

/// <summary>A hash that cannot be read, a short password or a session that cannot last: say so at start-up, not at the first sign-in.</summary>
public sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var failures = options.Users
            .Where(user => !PasswordHashFormat.IsReadable(user.Value.PasswordHash))
            .Select(user => $"{OperatorOptions.SectionName}:Users:{user.Key}:PasswordHash: not a password hash; create one with `dotnet run --project DualRobot.Frontend -- hash-password`.")
            .ToList();
        if (options.Password is { Length: > 0 and < OperatorOptions.MinPasswordLength })
        {
            failures.Add($"{OperatorOptions.SectionName}:Password: must be at least {OperatorOptions.MinPasswordLength} characters.");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{OperatorOptions.SectionName}:SessionLifetime: must be positive, e.g. 12:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
