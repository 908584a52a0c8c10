using System.Text.Json.Serialization;

namespace DualRobot.Contract;

/// <summary>How a group's members take one command (<c>POST /groups/{group}/…</c>), by its wire name.</summary>
[JsonConverter(typeof(ExactEnumConverter<GroupMode>))]
public enum GroupMode
{
    /// <summary>Every member gets the same command: a convoy abreast.</summary>
    [JsonStringEnumMemberName("together")]
    Together,

    /// <summary>The first member gets the command, every other member its mirror image (angular negated, left and right swapped).</summary>
    [JsonStringEnumMemberName("mirror")]
    Mirror,

    /// <summary>
    /// The first member gets the command; each other member steers, at every pose interval, to the point the offset
    /// behind the member before it, from both estimated poses.
    /// </summary>
    [JsonStringEnumMemberName("follow")]
    Follow,
}
