using DualRobot.Api.Audit;
using DualRobot.Api.Robots;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Groups;

/// <summary>
/// The groups this api instance serves, by name without regard to case: every configured group whose members it
/// drives, and <see cref="GroupsOptions.All"/>, every robot it drives. A group of another instance's robots is not
/// here (404 on this one); one split between instances is refused at start (<see cref="GroupsOptionsValidator"/>).
/// </summary>
internal sealed class RobotGroups : IDisposable
{
    private readonly Dictionary<string, RobotGroup> _byName = new(StringComparer.OrdinalIgnoreCase);

    public RobotGroups(
        IOptions<GroupsOptions> options, RobotFleet fleet, TimeProvider time, IOptions<RobotEventsOptions> events, AuditTrail audit, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<RobotGroup>();
        var configured = options.Value;
        var all = configured.GetValueOrDefault(GroupsOptions.All) ?? new GroupOptions();
        _byName[GroupsOptions.All] = new RobotGroup(GroupsOptions.All, fleet.Robots, all.FollowOffsetMeters, time, events.Value.PoseInterval, audit, logger);
        foreach (var (name, group) in configured.Where(g => !string.Equals(g.Key, GroupsOptions.All, StringComparison.OrdinalIgnoreCase)))
        {
            var members = group.Members.Select(m => fleet.TryGet(m, out var robot) ? robot : null).ToList();
            if (members.All(m => m is not null))
            {
                _byName[name] = new RobotGroup(name, members!, group.FollowOffsetMeters, time, events.Value.PoseInterval, audit, logger);
            }
        }
    }

    public IEnumerable<RobotGroup> All => _byName.Values;

    public bool TryGet(string name, out RobotGroup group) => _byName.TryGetValue(name, out group!);

    public void Dispose()
    {
        foreach (var group in _byName.Values)
        {
            group.Dispose();
        }
    }
}
