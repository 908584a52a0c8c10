namespace DualRobot.Api.Recording;

/// <summary>
/// A span of motion of one robot under one driver: from its first motion to its last stop (or its latest state while
/// it still moves). It ends when the robot stood still longer than <c>Recording:SessionGap</c>, or when another
/// driver moves it.
/// </summary>
/// <param name="Commands">Accepted commands of any user to this robot in the span.</param>
/// <param name="Refusals">Refused commands (any user, any reason) to this robot in the span.</param>
/// <param name="Stops">Times the robot came to a stop: by a stop command, the deadman, the e-stop or a take-over.</param>
public sealed record RecordingSession(
    long Id,
    string Robot,
    string? Driver,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Commands,
    int Refusals,
    int Stops);
