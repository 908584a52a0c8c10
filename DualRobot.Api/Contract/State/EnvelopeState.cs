namespace DualRobot.Contract;

/// <summary>
/// The safety envelope around one robot, in its state: what held its last motion back, the fastest each role may
/// drive it now, and the zones' version.
/// </summary>
/// <param name="Limit">What limited the last drive, velocity or renewal (kept until the next one).</param>
/// <param name="Zone">The keep-out zone that limited it, for <see cref="EnvelopeLimit.KeepOut"/>.</param>
/// <param name="Scale">The applied side values over those asked for, 0..1 (1 when only the lease was cut short).</param>
/// <param name="SlowMode">Whether a supervisor put the robot in slow mode.</param>
/// <param name="MaxSpeed">The fastest a side may run for each role that drives (<c>operator</c>, <c>supervisor</c>), with
/// slow mode applied: the cap a console shows on its stick. 0: that role cannot drive this robot now (a robot without
/// enable pins has only full speed, so any cap below 1 keeps it still).</param>
/// <param name="Estimated">True where the pose is dead reckoning (hardware): the envelope is only as good as that
/// estimate, which drifts; false on the simulated backend, where the pose is the simulation's own.</param>
/// <param name="ZonesVersion">Changes whenever a zone is added, changed or deleted: read <c>GET /zones</c> again.</param>
public sealed record EnvelopeState(
    EnvelopeLimit Limit,
    string? Zone,
    double Scale,
    bool SlowMode,
    IReadOnlyDictionary<string, double> MaxSpeed,
    bool Estimated,
    long ZonesVersion);
