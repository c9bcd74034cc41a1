using SentiMail.Dns;
using SentiMail.Rules;

namespace SentiMail.Authentication.Dmarc;

/// <summary>Evaluates DMARC (RFC 7489): record discovery with the organisational-domain fallback (Public Suffix List),
/// relaxed and strict alignment of SPF and DKIM, result and requested policy.</summary>
public sealed class DmarcEvaluator
{
    private readonly IDnsResolver _resolver;
    private readonly PublicSuffixList _suffixes;

    /// <summary>Initializes a new instance of the <see cref="DmarcEvaluator"/> class.</summary>
    /// <param name="resolver">The DNS resolver.</param>
    /// <param name="suffixes">The public suffix list (organisational domains).</param>
    public DmarcEvaluator(IDnsResolver resolver, PublicSuffixList suffixes)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(suffixes);
        _resolver = resolver;
        _suffixes = suffixes;
    }

    /// <summary>Evaluates DMARC for a message.</summary>
    /// <param name="fromDomain">The RFC 5322 From domain, normalised.</param>
    /// <param name="spfPassDomain">The domain SPF passed for (MAIL FROM or HELO), or <see langword="null"/> when SPF did not pass.</param>
    /// <param name="dkimPassDomains">The <c>d=</c> domains of the DKIM signatures that passed.</param>
    /// <param name="cancellationToken">A token to cancel the lookups.</param>
    /// <returns>The evaluation.</returns>
    public async Task<DmarcEvaluation> EvaluateAsync(string? fromDomain, string? spfPassDomain, IReadOnlyCollection<string> dkimPassDomains, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dkimPassDomains);
        var discovery = await DiscoverAsync(fromDomain, cancellationToken).ConfigureAwait(false);
        return Conclude(fromDomain, discovery, spfPassDomain, dkimPassDomains);
    }

    /// <summary>Looks up the DMARC record that governs <paramref name="fromDomain"/> (the domain's own, else its
    /// organisational domain's). It needs neither SPF nor DKIM, so it can run alongside them on the same DNS budget.</summary>
    /// <param name="fromDomain">The RFC 5322 From domain, normalised.</param>
    /// <param name="cancellationToken">A token to cancel the lookups.</param>
    /// <returns>The lookup's outcome, for <see cref="Conclude"/>.</returns>
    internal async Task<(DmarcResult Status, DmarcRecord? Record, string? Domain)> DiscoverAsync(string? fromDomain, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(fromDomain))
        {
            return (DmarcResult.PermError, null, null);
        }

        var organizational = _suffixes.GetRegistrableDomain(fromDomain) ?? fromDomain;
        return await DiscoverAsync(fromDomain, organizational, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evaluates DMARC from a record found by <see cref="DiscoverAsync(string?, CancellationToken)"/>.</summary>
    internal DmarcEvaluation Conclude(string? fromDomain, (DmarcResult Status, DmarcRecord? Record, string? Domain) discovery, string? spfPassDomain, IReadOnlyCollection<string> dkimPassDomains)
    {
        if (string.IsNullOrEmpty(fromDomain))
        {
            return new DmarcEvaluation { Result = DmarcResult.PermError, Detail = "the From header has no usable domain" };
        }

        var (status, record, recordDomain) = discovery;
        if (status == DmarcResult.TempError)
        {
            return new DmarcEvaluation { Result = DmarcResult.TempError, FromDomain = fromDomain, Detail = $"the DMARC record of {fromDomain} could not be fetched" };
        }

        if (record is null)
        {
            return new DmarcEvaluation { Result = DmarcResult.None, FromDomain = fromDomain, Detail = $"{fromDomain} publishes no DMARC record" };
        }

        var spfAligned = spfPassDomain is not null && Aligned(spfPassDomain, fromDomain, record.StrictSpf);
        var dkimAligned = dkimPassDomains.Any(d => Aligned(d, fromDomain, record.StrictDkim));
        var policy = !string.Equals(recordDomain, fromDomain, StringComparison.OrdinalIgnoreCase) && record.SubdomainPolicy is { } sp ? sp : record.Policy;
        var pass = spfAligned || dkimAligned;
        return new DmarcEvaluation
        {
            Result = pass ? DmarcResult.Pass : DmarcResult.Fail,
            FromDomain = fromDomain,
            RecordDomain = recordDomain,
            Record = record,
            Policy = policy,
            SpfAligned = spfAligned,
            DkimAligned = dkimAligned,
            Detail = pass
                ? $"{(dkimAligned ? "DKIM" : "SPF")} passed in alignment with {fromDomain}"
                : $"neither SPF nor DKIM passed in {(record.StrictDkim || record.StrictSpf ? "strict" : "relaxed")} alignment with {fromDomain}; the domain asks for p={policy}",
        };
    }

    /// <summary>Tells whether an authenticated domain is aligned with the From domain.</summary>
    /// <param name="authenticated">The domain SPF or DKIM authenticated.</param>
    /// <param name="fromDomain">The From domain.</param>
    /// <param name="strict">Strict (exact match) instead of relaxed (same organisational domain).</param>
    /// <returns><see langword="true"/> when aligned.</returns>
    public bool Aligned(string authenticated, string fromDomain, bool strict)
    {
        ArgumentNullException.ThrowIfNull(authenticated);
        ArgumentNullException.ThrowIfNull(fromDomain);
        var a = authenticated.TrimEnd('.').ToLowerInvariant();
        var f = fromDomain.TrimEnd('.').ToLowerInvariant();
        if (string.Equals(a, f, StringComparison.Ordinal))
        {
            return true;
        }

        return !strict && string.Equals(_suffixes.GetRegistrableDomain(a), _suffixes.GetRegistrableDomain(f), StringComparison.Ordinal) && _suffixes.GetRegistrableDomain(f) is not null;
    }

    private async Task<(DmarcResult Status, DmarcRecord? Record, string? Domain)> DiscoverAsync(string fromDomain, string organizational, CancellationToken cancellationToken)
    {
        var (status, record) = await FetchAsync(fromDomain, cancellationToken).ConfigureAwait(false);
        if (status == DmarcResult.TempError || record is not null || string.Equals(fromDomain, organizational, StringComparison.OrdinalIgnoreCase))
        {
            return (status, record, record is null ? null : fromDomain);
        }

        (status, record) = await FetchAsync(organizational, cancellationToken).ConfigureAwait(false);
        return (status, record, record is null ? null : organizational);
    }

    private async Task<(DmarcResult Status, DmarcRecord? Record)> FetchAsync(string domain, CancellationToken cancellationToken)
    {
        var answer = await _resolver.QueryTxtAsync("_dmarc." + domain, cancellationToken).ConfigureAwait(false);
        if (answer.IsTemporaryError)
        {
            return (DmarcResult.TempError, null);
        }

        var records = answer.Records.Where(DmarcRecord.HasDmarcVersion).ToList();

        // RFC 7489 §6.6.3: none, or more than one, record starting with v=DMARC1 means no policy; so does a single
        // record that must be ignored (Parse returns null for it).
        return (DmarcResult.None, records.Count == 1 ? DmarcRecord.Parse(records[0]) : null);
    }
}
