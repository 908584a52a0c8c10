namespace DualRobot.Contract;

/// <summary>Event types of the api's Server-Sent Event streams that the console reads.</summary>
public static class StreamEvents
{
    /// <summary>One audit record of <c>/audit/events</c>, as <c>GET /audit</c> lists them.</summary>
    public const string Audit = "audit";
}
