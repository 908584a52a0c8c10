namespace DualRobot.Api.Recording;

/// <summary>An audit record as the recorder keeps it (its time and trace id are on the <see cref="RecordingEntry"/>).</summary>
/// <param name="Robot">Null for what concerns no single robot (the e-stop).</param>
/// <param name="Outcome"><c>accepted</c>, or why not (as in the audit trail).</param>
public sealed record RecordedEvent(
    string User,
    string? Robot,
    string Action,
    IReadOnlyDictionary<string, string>? Parameters,
    string Outcome,
    string? Detail)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsAccepted => Outcome == Diagnostics.CommandOutcomes.Accepted;
}
