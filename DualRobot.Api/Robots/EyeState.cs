using System.Text.Json.Serialization;

namespace DualRobot.Api.Robots;

[JsonConverter(typeof(ExactEnumConverter<EyeState>))]
public enum EyeState
{
    [JsonStringEnumMemberName("off")]
    Off,

    [JsonStringEnumMemberName("on")]
    On,

    [JsonStringEnumMemberName("blink")]
    Blink,
}
