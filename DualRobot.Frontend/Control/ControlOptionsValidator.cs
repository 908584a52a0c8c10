using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Control;

/// <summary>A console that cannot actuate is a misconfiguration outside Development: refuse to start rather than show dead buttons.</summary>
public sealed class ControlOptionsValidator(IHostEnvironment environment) : IValidateOptions<ControlOptions>
{
    public const int MinApiKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, ControlOptions options)
    {
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            return !environment.IsDevelopment()
                ? ValidateOptionsResult.Fail($"{ControlOptions.SectionName}:ApiKey: required outside Development (set it from a secret, e.g. the Control__ApiKey environment variable).")
                : ValidateOptionsResult.Success;
        }

        return options.ApiKey.Length < MinApiKeyLength
            ? ValidateOptionsResult.Fail($"{ControlOptions.SectionName}:ApiKey: must be at least {MinApiKeyLength} characters.")
            : ValidateOptionsResult.Success;
    }
}
