using DualRobot.Api.Groups;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Extensions;

public static class GroupExtensions
{
    /// <summary>Robot groups (<c>Groups:&lt;name&gt;:Members</c>, checked at start) and the default <c>all</c>.</summary>
    internal static IServiceCollection AddRobotGroups(this IServiceCollection services)
    {
        services.AddOptions<GroupsOptions>().BindConfiguration(GroupsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GroupsOptions>, GroupsOptionsValidator>();
        services.AddSingleton<RobotGroups>();
        return services;
    }
}
