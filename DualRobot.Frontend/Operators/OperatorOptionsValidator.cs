using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Operators;

/// <summary>A hash that cannot be read is a typo in configuration: say so at start-up, not at the first sign-in.</summary>
public sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var failures = options.Users
            .Where(user => !PasswordHashFormat.IsReadable(user.Value.PasswordHash))
            .Select(user => $"{OperatorOptions.SectionName}:Users:{user.Key}:PasswordHash: not a password hash; create one with `dotnet run --project DualRobot.Frontend -- hash-password`.")
            .ToList();

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
