using System.Text.Json.Serialization;

namespace DualRobot.Contract;

/// <summary>Where a keep-out zone comes from, which decides who may change it.</summary>
[JsonConverter(typeof(ExactEnumConverter<ZoneSource>))]
public enum ZoneSource
{
    /// <summary><c>Safety:Zones</c>: part of the deployment; changed only by changing the configuration.</summary>
    [JsonStringEnumMemberName("configuration")]
    Configuration,

    /// <summary>Drawn by a supervisor (<c>PUT /zones/{name}</c>), kept in the api's store.</summary>
    [JsonStringEnumMemberName("supervisor")]
    Supervisor,
}
