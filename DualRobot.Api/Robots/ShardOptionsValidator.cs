using Microsoft.Extensions.Options;

namespace DualRobot.Api.Robots;

/// <summary>
/// With <c>Shard:Name</c> set, every robot belongs to exactly one instance: each enabled robot must name its
/// <c>Shard</c> (one value, so never two instances), and this instance must own at least one.
/// </summary>
public sealed class ShardOptionsValidator(IOptions<RobotFleetOptions> fleet) : IValidateOptions<ShardOptions>
{
    public ValidateOptionsResult Validate(string? name, ShardOptions options)
    {
        if (string.IsNullOrEmpty(options.Name))
        {
            return ValidateOptionsResult.Success;
        }

        var robots = fleet.Value.Where(entry => entry.Value.Enabled).ToList();
        var failures = robots.Where(entry => string.IsNullOrWhiteSpace(entry.Value.Shard))
            .Select(entry => $"{RobotFleetOptions.SectionName}:{entry.Key}:Shard: required when {ShardOptions.SectionName}:Name is set: name the api instance that drives this robot (e.g. {options.Name}).")
            .ToList();
        if (!robots.Any(entry => options.Owns(entry.Value)))
        {
            failures.Add($"{ShardOptions.SectionName}:Name: no robot names '{options.Name}' as its Shard; give one Robots:<name>:Shard={options.Name}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
