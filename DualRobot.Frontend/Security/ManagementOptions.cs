namespace DualRobot.Frontend.Security;

/// <summary>
/// The <c>Management</c> section. With <see cref="Port"/> set, <c>/health</c>, <c>/alive</c> and <c>/metrics</c> answer
/// on that port only and the console does not: the public Service exposes the console's port alone, so probes and
/// scrapes stay inside the cluster. Unset (development, tests), everything answers on every port.
/// </summary>
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    public int? Port { get; set; }
}
