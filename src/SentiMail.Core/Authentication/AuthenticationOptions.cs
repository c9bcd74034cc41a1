using SentiMail.Dns;

namespace SentiMail.Authentication;

/// <summary>Options of email authentication (SPF, DKIM, ARC, DMARC).</summary>
public sealed class AuthenticationOptions
{
    /// <summary>Gets or sets a value indicating whether authentication runs without DNS. Offline, SPF, DKIM, ARC and DMARC
    /// are not checked and the report says so (<c>spf.skipped</c>, <c>dkim.skipped</c>...), unless results from trusted
    /// <c>Authentication-Results</c> headers are available (<see cref="TrustedAuthServIds"/>).</summary>
    /// <value>The default value is <see langword="true"/>: the engine makes no network call unless asked to.</value>
    public bool Offline { get; set; } = true;

    /// <summary>Gets the DNS resolver options used when <see cref="Offline"/> is <see langword="false"/>.</summary>
    public DnsResolverOptions Dns { get; } = new();

    /// <summary>Gets or sets the time budget of all DNS lookups for one message. When it runs out, pending checks end in
    /// <c>temperror</c>.</summary>
    /// <value>The default value is 4 seconds. Range: 10 ms to 1 minute; keep it below <see cref="SentiMailOptions.AnalyzerTimeout"/>.</value>
    public TimeSpan MessageDnsBudget { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Gets the authserv-ids (the first token of <c>Authentication-Results</c>) of your own servers, whose
    /// results are believed. Results from other ids are ignored, as anyone can write that header.</summary>
    public IList<string> TrustedAuthServIds { get; } = [];

    /// <summary>Returns every problem with the current values (empty when valid).</summary>
    /// <returns>One sentence per invalid value.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(Dns.Validate());
        if (MessageDnsBudget < TimeSpan.FromMilliseconds(10) || MessageDnsBudget > TimeSpan.FromMinutes(1))
        {
            errors.Add($"Authentication.{nameof(MessageDnsBudget)} must be between 10 ms and 1 minute (was {MessageDnsBudget}).");
        }

        return errors;
    }
}
