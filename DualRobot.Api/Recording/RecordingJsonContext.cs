using System.Text.Json.Serialization;

namespace DualRobot.Api.Recording;

/// <summary>The JSON the store keeps in its text columns: servo angles and command parameters.</summary>
[JsonSerializable(typeof(IReadOnlyList<double?>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class RecordingJsonContext : JsonSerializerContext;
