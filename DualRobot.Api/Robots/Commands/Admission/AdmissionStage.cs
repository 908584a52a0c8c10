namespace DualRobot.Api.Robots.Commands.Admission;

internal enum AdmissionStage
{
    /// <summary>Before the command queues at the gate: refusing here costs nothing and waits for nothing.</summary>
    Arrival,

    /// <summary>Inside the gate, just before the command applies: what changed while it waited.</summary>
    InGate,
}
