using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Security;

/// <summary>A proxy that cannot be parsed would silently trust nobody, or be read as someone else: refuse to start.</summary>
public sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options) =>
        options.Invalid().ToList() is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
}
