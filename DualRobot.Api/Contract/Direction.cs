using System.Text.Json.Serialization;

namespace DualRobot.Contract;

/// <summary>
/// What the wheels do, by its wire name. Left and right are spins on the spot (one motor reversed), as in the
/// original; velocity is whatever a velocity command asked for (the state's left and right say what), so it is a
/// motion the state reports but no drive request may name (<see cref="DriveRequest.Direction"/>).
/// </summary>
[JsonConverter(typeof(ExactEnumConverter<Direction>))]
public enum Direction
{
    [JsonStringEnumMemberName("stop")]
    Stop,

    [JsonStringEnumMemberName("forward")]
    Forward,

    [JsonStringEnumMemberName("backward")]
    Backward,

    [JsonStringEnumMemberName("left")]
    Left,

    [JsonStringEnumMemberName("right")]
    Right,

    /// <summary>A velocity command's motion (any pair of side values); not a drive direction.</summary>
    [JsonStringEnumMemberName("velocity")]
    Velocity,
}
