using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Security;

/// <summary>
/// Forwarded headers from the configured proxies only. Runs after every other configuration of
/// <see cref="ForwardedHeadersOptions"/>, including the one <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> adds (which
/// trusts everyone), and replaces its lists: the built-in rule "no known proxy means any proxy" never applies here.
/// </summary>
internal sealed class TrustedProxies(IOptions<ProxyOptions> proxies) : IPostConfigureOptions<ForwardedHeadersOptions>
{
    public void PostConfigure(string? name, ForwardedHeadersOptions options)
    {
        var trusted = proxies.Value;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        if (!trusted.TrustsAnyProxy)
        {
            options.ForwardedHeaders = ForwardedHeaders.None;
            return;
        }

        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var proxy in trusted.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in trusted.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
