using System.Text.Json.Serialization;

namespace DualRobot.Contract;

/// <summary>The eye LED: off, on, or blinking (starting lit).</summary>
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
