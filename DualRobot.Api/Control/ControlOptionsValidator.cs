using Microsoft.Extensions.Options;

namespace DualRobot.Api.Control;

/// <summary>Cross-field rules, and the one that keeps an unprotected api out of Production.</summary>
public sealed class ControlOptionsValidator(IHostEnvironment environment) : IValidateOptions<ControlOptions>
{
    public const int MinApiKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, ControlOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            if (!environment.IsDevelopment())
            {
                failures.Add($"{ControlOptions.SectionName}:ApiKey: required outside Development (set it from a secret, e.g. the Control__ApiKey environment variable).");
            }
        }
        else if (options.ApiKey.Length < MinApiKeyLength)
        {
            failures.Add($"{ControlOptions.SectionName}:ApiKey: must be at least {MinApiKeyLength} characters.");
        }

        if (options.MinLeaseMs > options.DefaultLeaseMs || options.DefaultLeaseMs > options.MaxLeaseMs)
        {
            failures.Add($"{ControlOptions.SectionName}: MinLeaseMs ≤ DefaultLeaseMs ≤ MaxLeaseMs must hold.");
        }

        if (options.ClaimActiveMs > options.ClaimIdleSeconds * 1000)
        {
            failures.Add($"{ControlOptions.SectionName}: ClaimActiveMs must not exceed ClaimIdleSeconds (in milliseconds).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
