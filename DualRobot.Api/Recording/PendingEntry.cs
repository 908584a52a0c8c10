using System.Diagnostics;
using DualRobot.Api.Audit;
using DualRobot.Api.Robots;

namespace DualRobot.Api.Recording;

/// <summary>
/// What the command path hands the recorder: the state or record itself (both immutable), its time and its trace.
/// Turning it into a row is the writer's work, off the command path.
/// </summary>
internal readonly record struct PendingEntry(DateTimeOffset Time, ActivityTraceId TraceId, RobotState? State, AuditRecord? Event);
