using System.Text.Json.Serialization;

namespace DualRobot.Api.Robots;

/// <summary>What the wheels do. Left and right are spins on the spot (one motor reversed), as in the original.</summary>
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
}
