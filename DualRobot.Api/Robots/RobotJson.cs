using System.Text.Json;
using System.Text.Json.Serialization;
using DualRobot.Api.Control;

namespace DualRobot.Api.Robots;

/// <summary>Wire names of the enums (lower case, as in the requests) and the serializer set-up of the api.</summary>
public static class RobotJson
{
    public static string Name(Direction direction) => direction switch
    {
        Direction.Stop => "stop",
        Direction.Forward => "forward",
        Direction.Backward => "backward",
        Direction.Left => "left",
        Direction.Right => "right",
        Direction.Velocity => "velocity",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    public static string Name(EyeState eye) => eye switch
    {
        EyeState.Off => "off",
        EyeState.On => "on",
        EyeState.Blink => "blink",
        _ => throw new ArgumentOutOfRangeException(nameof(eye), eye, null),
    };

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.TypeInfoResolverChain.Insert(0, RobotJsonContext.Default);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RobotState))]
[JsonSerializable(typeof(IReadOnlyList<RobotState>))]
[JsonSerializable(typeof(EmergencyStopState))]
internal sealed partial class RobotJsonContext : JsonSerializerContext;
