using System.Net;

namespace SentiMail.Authentication.Spf;

/// <summary>One directive of a record: a qualifier and a mechanism with its arguments.</summary>
internal sealed class SpfDirective
{
    public SpfDirective(string text, SpfResult qualifier, SpfMechanismKind kind)
    {
        Text = text;
        Qualifier = qualifier;
        Kind = kind;
    }

    /// <summary>Gets the directive as written.</summary>
    public string Text { get; }

    /// <summary>Gets the result the directive gives when its mechanism matches.</summary>
    public SpfResult Qualifier { get; }

    /// <summary>Gets the mechanism.</summary>
    public SpfMechanismKind Kind { get; }

    /// <summary>Gets or sets the domain-spec (<c>include</c>, <c>exists</c>, and optionally <c>a</c>, <c>mx</c>, <c>ptr</c>).</summary>
    public SpfMacroString? DomainSpec { get; init; }

    /// <summary>Gets or sets the network of <c>ip4</c>/<c>ip6</c>.</summary>
    public IPAddress? Network { get; init; }

    /// <summary>Gets or sets the IPv4 prefix length (<c>ip4</c>, <c>a</c>, <c>mx</c>).</summary>
    public int Ip4Prefix { get; init; } = 32;

    /// <summary>Gets or sets the IPv6 prefix length (<c>ip6</c>, <c>a</c>, <c>mx</c>).</summary>
    public int Ip6Prefix { get; init; } = 128;

    /// <summary>Gets a value indicating whether the mechanism counts against the DNS lookup limit (RFC 7208 §4.6.4).</summary>
    public bool CausesDnsLookup => Kind is SpfMechanismKind.Include or SpfMechanismKind.A or SpfMechanismKind.Mx
        or SpfMechanismKind.Ptr or SpfMechanismKind.Exists;
}
