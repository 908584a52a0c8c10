using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Control;

/// <summary>A console that cannot actuate is a misconfiguration outside Development: refuse to start rather than show dead buttons.</summary>
public sealed class ApiKeyOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiKeyOptions>
{
    public const int MinApiKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            return !environment.IsDevelopment()
                ? ValidateOptionsResult.Fail($"{ApiKeyOptions.SectionName}:ApiKey: required outside Development (set it from a secret, e.g. the Control__ApiKey environment variable).")
                : ValidateOptionsResult.Success;
        }

        return options.ApiKey.Length < MinApiKeyLength
            ? ValidateOptionsResult.Fail($"{ApiKeyOptions.SectionName}:ApiKey: must be at least {MinApiKeyLength} characters.")
            : ValidateOptionsResult.Success;
    }
}
