using System.Net;
using SentiMail.Parsing;
using SentiMail.Rules;
using SentiMail.Scoring;

namespace SentiMail;

/// <summary>Options of the SentiMail engine. Every value has a safe default; <see cref="Validate"/> lists what is wrong.</summary>
public sealed class SentiMailOptions
{
    /// <summary>Gets the hard limits applied to each message.</summary>
    public MessageLimits Limits { get; } = new();

    /// <summary>Gets the policy that turns signals into a score and a verdict.</summary>
    public ScoringPolicy Scoring { get; } = new();

    /// <summary>Gets the email authentication options (SPF, DKIM, ARC, DMARC; offline by default).</summary>
    public Authentication.AuthenticationOptions Authentication { get; } = new();

    /// <summary>Gets the networks (CIDR, such as <c>203.0.113.0/24</c>) of relays you trust: <c>Received</c> headers
    /// they wrote are believed, and the client IP is taken from the first hop outside them.</summary>
    /// <value>Empty by default. Loopback is always trusted.</value>
    public IList<string> TrustedNetworks { get; } = [];

    /// <summary>Gets or sets a value indicating whether private addresses (RFC 1918, ULA, CGNAT) count as trusted relays.</summary>
    /// <value>The default value is <see langword="true"/>, as in most deployments internal hops are your own.</value>
    public bool TrustPrivateNetworks { get; set; } = true;

    /// <summary>Gets or sets the time budget of one analyzer. An analyzer that needs longer is stopped and raises
    /// <c>analyzer.timeout</c> instead of failing the report.</summary>
    /// <value>The default value is 5 seconds. Range: 10 ms to 5 minutes.</value>
    public TimeSpan AnalyzerTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets extra brands to recognise, added to the built-in list (see <c>docs/signals.md</c>).</summary>
    public IList<BrandDefinition> AdditionalBrands { get; } = [];

    /// <summary>Gets extra lure phrases, added to the built-in English and French lists.</summary>
    public IList<LureDefinition> AdditionalLures { get; } = [];

    /// <summary>Gets or sets the path of a <c>public_suffix_list.dat</c> file to use instead of the embedded copy (for
    /// example Debian's <c>/usr/share/publicsuffix/public_suffix_list.dat</c>, kept current by the <c>publicsuffix</c>
    /// package). The list decides organisational domains for DMARC and for domain comparisons.</summary>
    /// <value>The default value is <see langword="null"/>: the embedded list.</value>
    public string? PublicSuffixListFile { get; set; }

    /// <summary>Gets or sets a value indicating whether the built-in brand and lure lists are used.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool UseBuiltInRules { get; set; } = true;

    /// <summary>Returns every problem with the current values (empty when valid).</summary>
    /// <returns>One sentence per invalid value.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(Limits.Validate());
        errors.AddRange(Scoring.Validate());
        errors.AddRange(Authentication.Validate());
        if (AnalyzerTimeout < TimeSpan.FromMilliseconds(10) || AnalyzerTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{nameof(AnalyzerTimeout)} must be between 10 ms and 5 minutes (was {AnalyzerTimeout}).");
        }

        foreach (var network in TrustedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _) && !IPAddress.TryParse(network, out _))
            {
                errors.Add($"{nameof(TrustedNetworks)} holds '{network}', which is neither a CIDR network nor an IP address.");
            }
        }

        if (PublicSuffixListFile is { } pslFile && !File.Exists(pslFile))
        {
            errors.Add($"{nameof(PublicSuffixListFile)} '{pslFile}' does not exist.");
        }

        foreach (var brand in AdditionalBrands)
        {
            errors.AddRange(brand.Validate());
        }

        foreach (var lure in AdditionalLures)
        {
            errors.AddRange(lure.Validate());
        }

        return errors;
    }
}
