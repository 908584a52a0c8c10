using System.Net;

namespace DualRobot.Frontend.Security;

/// <summary>
/// The <c>ForwardedHeaders</c> section: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> the console believes. Empty (the default, and the production overlay, where clients
/// reach Kestrel directly), forwarded headers are ignored whatever <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> says:
/// otherwise any client could claim a fresh address per request and step around the sign-in limit.
/// </summary>
public sealed class ProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.42.0.17</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.42.0.0/16</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool TrustsAnyProxy => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public IEnumerable<string> Invalid() =>
        KnownProxies.Where(proxy => !IPAddress.TryParse(proxy, out _)).Select(proxy => $"{SectionName}:KnownProxies: '{proxy}' is not an IP address.")
            .Concat(KnownNetworks.Where(network => !IPNetwork.TryParse(network, out _)).Select(network => $"{SectionName}:KnownNetworks: '{network}' is not a network in CIDR notation."));
}
