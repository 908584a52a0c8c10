using System.Text.Json.Serialization;
using DualRobot.Api.Robots;

namespace DualRobot.Api.Apis.Requests;

/// <summary>
/// The directions a drive request may name: the robot's <see cref="Direction"/> without <c>velocity</c>, which the
/// state reports for a velocity command but nobody can drive towards.
/// </summary>
[JsonConverter(typeof(ExactEnumConverter<DriveDirection>))]
public enum DriveDirection
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

public static class DriveDirections
{
    public static Direction ToDirection(this DriveDirection direction) => direction switch
    {
        DriveDirection.Stop => Direction.Stop,
        DriveDirection.Forward => Direction.Forward,
        DriveDirection.Backward => Direction.Backward,
        DriveDirection.Left => Direction.Left,
        DriveDirection.Right => Direction.Right,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };
}
