using Microsoft.AspNetCore.HttpOverrides;

namespace SentiMail.AspNetCore.Protection;

/// <summary>
/// Which peers may set the client address through <c>X-Forwarded-For</c> (and the scheme through
/// <c>X-Forwarded-Proto</c>). Nothing is trusted by default, not even loopback: the headers are then ignored, and a
/// client cannot pick its own address to dodge a rate limit, a quota or an IP rule.
/// </summary>
public sealed class SentiMailForwardedHeadersOptions
{
    /// <summary>Gets the addresses of trusted reverse proxies, such as <c>10.0.0.5</c> or <c>2001:db8::5</c>.</summary>
    /// <value>Empty by default.</value>
    public IList<string> TrustedProxies { get; } = [];

    /// <summary>Gets the trusted networks in CIDR notation, such as <c>10.0.0.0/8</c>; a single address is accepted too.</summary>
    /// <value>Empty by default.</value>
    public IList<string> TrustedNetworks { get; } = [];

    /// <summary>Gets or sets how many entries of <c>X-Forwarded-For</c> are processed, from the right; processing also
    /// stops at the first address that is not trusted. Set it to the number of proxies in front of the application.</summary>
    /// <value>The default is 1; from 1 to 20.</value>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>Gets or sets the headers that trusted peers may set.</summary>
    /// <value>The default is <see cref="ForwardedHeaders.XForwardedFor"/> and <see cref="ForwardedHeaders.XForwardedProto"/>.</value>
    public ForwardedHeaders ForwardedHeaders { get; set; } = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

    internal List<string> Validate()
    {
        var errors = new List<string>();
        foreach (var proxy in TrustedProxies)
        {
            if (!System.Net.IPAddress.TryParse(proxy, out _))
            {
                errors.Add($"TrustedProxies: '{proxy}' is not an IP address.");
            }
        }

        foreach (var network in TrustedNetworks)
        {
            if (!ClientAddress.TryParseNetwork(network, out _))
            {
                errors.Add($"TrustedNetworks: '{network}' is not a CIDR network (e.g. 10.0.0.0/8).");
            }
        }

        if (ForwardLimit is < 1 or > 20)
        {
            errors.Add($"ForwardLimit must be from 1 to 20 (was {ForwardLimit}).");
        }

        return errors;
    }
}
