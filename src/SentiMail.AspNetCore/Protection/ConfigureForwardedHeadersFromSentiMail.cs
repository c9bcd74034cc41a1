using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.Protection;

/// <summary>Fills ASP.NET Core's <see cref="ForwardedHeadersOptions"/> from <see cref="SentiMailForwardedHeadersOptions"/>,
/// replacing its default loopback proxies with the configured ones only.</summary>
internal sealed class ConfigureForwardedHeadersFromSentiMail(IOptions<SentiMailForwardedHeadersOptions> source) : IConfigureOptions<ForwardedHeadersOptions>
{
    public void Configure(ForwardedHeadersOptions options)
    {
        var o = source.Value;
        options.ForwardedHeaders = o.ForwardedHeaders;
        options.ForwardLimit = o.ForwardLimit;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in o.TrustedProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var text in o.TrustedNetworks)
        {
            if (ClientAddress.TryParseNetwork(text, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
        }
    }
}
