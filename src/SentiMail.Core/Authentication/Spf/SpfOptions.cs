namespace SentiMail.Authentication.Spf;

/// <summary>Limits and settings of <see cref="SpfValidator"/>. The defaults are those of RFC 7208 §4.6.4; every value is
/// checked by <see cref="Validate"/> when a validator is created.</summary>
public sealed class SpfOptions
{
    /// <summary>Gets or sets the most terms causing DNS lookups (<c>include</c>, <c>a</c>, <c>mx</c>, <c>ptr</c>,
    /// <c>exists</c> and <c>redirect</c>) evaluated in one check, includes and redirects included. One more gives
    /// <see cref="SpfResult.PermError"/>.</summary>
    /// <value>The default value is 10, as RFC 7208 §4.6.4 requires. Range: 1 to 100.</value>
    public int MaxDnsLookups { get; set; } = 10;

    /// <summary>Gets or sets the most void lookups (answers with no records, or NXDOMAIN) allowed in one check. One
    /// more gives <see cref="SpfResult.PermError"/>.</summary>
    /// <value>The default value is 2, as RFC 7208 §4.6.4 recommends. Range: 0 to 100.</value>
    public int MaxVoidLookups { get; set; } = 2;

    /// <summary>Gets or sets the most MX host names whose addresses one <c>mx</c> mechanism looks up. When the client
    /// matched none of them and more names remain, the mechanism gives <see cref="SpfResult.PermError"/>.</summary>
    /// <value>The default value is 10, as RFC 7208 §4.6.4 requires. Range: 1 to 100.</value>
    public int MaxMxAddresses { get; set; } = 10;

    /// <summary>Gets or sets the most host names, of those the client's PTR lookup returns, that a <c>ptr</c> mechanism
    /// or the <c>%{p}</c> macro considers; the others are ignored (no error).</summary>
    /// <value>The default value is 10, as RFC 7208 §4.6.4 requires. Range: 1 to 100.</value>
    public int MaxPtrNames { get; set; } = 10;

    /// <summary>Gets or sets the longest time one check may take. A check still running then ends with
    /// <see cref="SpfResult.TempError"/> (RFC 7208 §4.6.4); the caller's own cancellation still throws.</summary>
    /// <value>The default value is 20 seconds, the least RFC 7208 §4.6.4 advises. Range: 10 ms to 5 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets or sets the domain name of the host performing the check, used for the <c>%{r}</c> macro of
    /// explanations (RFC 7208 §7.3).</summary>
    /// <value>The default value is <see langword="null"/>, which expands to <c>unknown</c> as the RFC advises.</value>
    public string? ReceivingDomain { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="SpfValidator.CheckAsync"/> first checks the HELO identity
    /// (RFC 7208 §2.3). A HELO <see cref="SpfResult.Fail"/> is conclusive and is returned without checking
    /// <c>MAIL FROM</c>; any other HELO result is set aside and the <c>MAIL FROM</c> identity is checked.</summary>
    /// <value>The default value is <see langword="false"/>: only the <c>MAIL FROM</c> identity is checked.</value>
    public bool CheckHelo { get; set; }

    /// <summary>Returns every problem with the current values (empty when valid).</summary>
    /// <returns>One sentence per invalid value.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, MaxDnsLookups is >= 1 and <= 100, nameof(MaxDnsLookups), "between 1 and 100", MaxDnsLookups);
        Check(errors, MaxVoidLookups is >= 0 and <= 100, nameof(MaxVoidLookups), "between 0 and 100", MaxVoidLookups);
        Check(errors, MaxMxAddresses is >= 1 and <= 100, nameof(MaxMxAddresses), "between 1 and 100", MaxMxAddresses);
        Check(errors, MaxPtrNames is >= 1 and <= 100, nameof(MaxPtrNames), "between 1 and 100", MaxPtrNames);
        if (Timeout < TimeSpan.FromMilliseconds(10) || Timeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Spf.{nameof(Timeout)} must be between 10 ms and 5 minutes (was {Timeout}).");
        }

        if (ReceivingDomain is { } receiver && (receiver.Length is 0 or > 253 || !IsVisibleAscii(receiver)))
        {
            errors.Add($"Spf.{nameof(ReceivingDomain)} must be a domain name of 1 to 253 visible ASCII characters.");
        }

        return errors;
    }

    private static bool IsVisibleAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static void Check(List<string> errors, bool ok, string name, string range, int value)
    {
        if (!ok)
        {
            errors.Add($"Spf.{name} must be {range} (was {value}).");
        }
    }
}
