using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SentiMail.Dns;

namespace SentiMail.Authentication.Spf;

/// <summary>
/// One run of <c>check_host()</c> (RFC 7208 §4) with its counters: DNS-causing terms, void lookups and the memoised
/// <c>%{p}</c> value. Recursion (include, redirect) is bounded by the lookup limit and by an explicit depth check.
/// </summary>
internal sealed class SpfEvaluation
{
    private readonly IDnsResolver _resolver;
    private readonly SpfSettings _settings;
    private readonly SpfCheckInputs _inputs;
    private readonly CancellationToken _cancellationToken;
    private List<string>? _validatedNames;

    public SpfEvaluation(IDnsResolver resolver, SpfSettings settings, SpfCheckInputs inputs, CancellationToken cancellationToken)
    {
        _resolver = resolver;
        _settings = settings;
        _inputs = inputs;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Gets the number of DNS-causing terms evaluated so far (never more than the limit: the term over the limit
    /// ends the check before any lookup).</summary>
    public int DnsLookups { get; private set; }

    /// <summary>Gets the number of void lookups met so far.</summary>
    public int VoidLookups { get; private set; }

    /// <summary>Runs <c>check_host()</c> for a domain already checked by <see cref="SpfDomainName.TryNormalizeCheckedDomain"/>,
    /// then fetches the explanation of a <see cref="SpfResult.Fail"/>.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The outcome and its explanation.</returns>
    public async Task<(SpfOutcome Outcome, string? Explanation)> RunAsync(string domain)
    {
        var outcome = await CheckHostAsync(domain, 0).ConfigureAwait(false);
        string? explanation = null;
        if (outcome.Result == SpfResult.Fail && outcome.Record?.Explanation is { } exp)
        {
            explanation = await ExplainAsync(exp, outcome.Domain).ConfigureAwait(false);
        }

        return (outcome, explanation);
    }

    private async Task<SpfOutcome> CheckHostAsync(string domain, int depth)
    {
        if (depth > _settings.MaxDnsLookups + 1)
        {
            // Unreachable while every include and redirect counts as a lookup; kept as a hard bound on recursion.
            return SpfOutcome.Error(SpfResult.PermError, "include/redirect nesting too deep", domain);
        }

        var (record, failure) = await FetchRecordAsync(domain).ConfigureAwait(false);
        if (record is null)
        {
            return failure!.Value;
        }

        foreach (var directive in record.Directives)
        {
            var match = await MatchAsync(directive, domain, depth).ConfigureAwait(false);
            if (match.Failure is { } error)
            {
                return error;
            }

            if (match.Matched)
            {
                return new SpfOutcome(directive.Qualifier, directive.Text, null, record, domain);
            }
        }

        if (record.Redirect is { } redirect && !record.HasAll)
        {
            if (!CountLookup(out var limit))
            {
                return SpfOutcome.Error(SpfResult.PermError, limit, domain);
            }

            var target = await ExpandDomainAsync(redirect, domain).ConfigureAwait(false);
            if (target is null)
            {
                return SpfOutcome.Error(SpfResult.PermError, $"the redirect target {SpfRecordParser.Quote(redirect.Text)} is not a valid domain name", domain);
            }

            var inner = await CheckHostAsync(target, depth + 1).ConfigureAwait(false);
            return inner.Result == SpfResult.None
                ? SpfOutcome.Error(SpfResult.PermError, $"the redirect target '{target}' has no SPF record", domain)
                : inner;
        }

        return new SpfOutcome(SpfResult.Neutral, null, null, record, domain);
    }

    private async Task<(SpfRecord? Record, SpfOutcome? Failure)> FetchRecordAsync(string domain)
    {
        var answer = await QueryTxtAsync(domain).ConfigureAwait(false);
        if (answer.IsTemporaryError)
        {
            return (null, SpfOutcome.Error(SpfResult.TempError, $"DNS {Describe(answer.Status)} looking up the TXT records of '{domain}'", domain));
        }

        if (answer.Status != DnsStatus.Ok)
        {
            return (null, SpfOutcome.Error(SpfResult.None, $"'{domain}' does not exist", domain));
        }

        string? selected = null;
        foreach (var txt in answer.Records)
        {
            if (!SpfRecordParser.IsSpfRecord(txt))
            {
                continue;
            }

            if (selected is not null)
            {
                return (null, SpfOutcome.Error(SpfResult.PermError, $"'{domain}' publishes more than one SPF record", domain));
            }

            selected = txt;
        }

        if (selected is null)
        {
            return (null, SpfOutcome.Error(SpfResult.None, $"'{domain}' publishes no SPF record", domain));
        }

        if (!SpfRecordParser.TryParse(selected, out var record, out var error))
        {
            return (null, SpfOutcome.Error(SpfResult.PermError, $"the SPF record of '{domain}' is invalid: {error}", domain));
        }

        return (record, null);
    }

    private async Task<SpfMatch> MatchAsync(SpfDirective directive, string domain, int depth)
    {
        if (directive.CausesDnsLookup && !CountLookup(out var limit))
        {
            return SpfMatch.Fail(SpfOutcome.Error(SpfResult.PermError, limit, domain));
        }

        switch (directive.Kind)
        {
            case SpfMechanismKind.All:
                return SpfMatch.Yes;

            case SpfMechanismKind.Ip4:
                return SpfMatch.Of(!_inputs.IsIPv6 && SpfAddress.Matches(_inputs.Address, directive.Network!, directive.Ip4Prefix));

            case SpfMechanismKind.Ip6:
                return SpfMatch.Of(_inputs.IsIPv6 && SpfAddress.Matches(_inputs.Address, directive.Network!, directive.Ip6Prefix));

            case SpfMechanismKind.Include:
                return await MatchIncludeAsync(directive, domain, depth).ConfigureAwait(false);

            default:
                var target = directive.DomainSpec is null ? domain : await ExpandDomainAsync(directive.DomainSpec, domain).ConfigureAwait(false);
                if (target is null)
                {
                    // A target that is not a usable DNS name (empty or over-long label) cannot exist: no match.
                    return SpfMatch.No;
                }

                return directive.Kind switch
                {
                    SpfMechanismKind.A => await MatchAddressesAsync(directive, target, domain).ConfigureAwait(false),
                    SpfMechanismKind.Mx => await MatchMxAsync(directive, target, domain).ConfigureAwait(false),
                    SpfMechanismKind.Ptr => await MatchPtrAsync(target, domain).ConfigureAwait(false),
                    _ => await MatchExistsAsync(target, domain).ConfigureAwait(false),
                };
        }
    }

    private async Task<SpfMatch> MatchIncludeAsync(SpfDirective directive, string domain, int depth)
    {
        var target = await ExpandDomainAsync(directive.DomainSpec!, domain).ConfigureAwait(false);
        if (target is null)
        {
            return SpfMatch.Fail(SpfOutcome.Error(SpfResult.PermError, $"the include target {SpfRecordParser.Quote(directive.DomainSpec!.Text)} is not a valid domain name", domain));
        }

        // RFC 7208 §5.2: pass matches; fail, softfail and neutral do not; temperror and permerror propagate; none is permerror.
        var inner = await CheckHostAsync(target, depth + 1).ConfigureAwait(false);
        return inner.Result switch
        {
            SpfResult.Pass => SpfMatch.Yes,
            SpfResult.Fail or SpfResult.SoftFail or SpfResult.Neutral => SpfMatch.No,
            SpfResult.TempError => SpfMatch.Fail(inner with { Record = null, Mechanism = null }),
            SpfResult.None => SpfMatch.Fail(SpfOutcome.Error(SpfResult.PermError, $"the included domain '{target}' has no SPF record", domain)),
            _ => SpfMatch.Fail(inner with { Record = null, Mechanism = null }),
        };
    }

    private async Task<SpfMatch> MatchAddressesAsync(SpfDirective directive, string target, string domain)
    {
        var answer = await QueryAddressesAsync(target, _inputs.Address.AddressFamily).ConfigureAwait(false);
        if (answer.IsTemporaryError)
        {
            return TempError(answer.Status, target, _inputs.IsIPv6 ? "AAAA" : "A", domain);
        }

        if (answer.IsEmpty)
        {
            return CountVoid(domain);
        }

        return SpfMatch.Of(AnyMatches(answer.Records, directive));
    }

    private async Task<SpfMatch> MatchMxAsync(SpfDirective directive, string target, string domain)
    {
        var answer = await QueryMxAsync(target).ConfigureAwait(false);
        if (answer.IsTemporaryError)
        {
            return TempError(answer.Status, target, "MX", domain);
        }

        if (answer.IsEmpty)
        {
            return CountVoid(domain);
        }

        var exchanges = new List<MxRecord>(answer.Records);
        exchanges.Sort(static (x, y) => x.Preference.CompareTo(y.Preference));
        var looked = 0;
        foreach (var mx in exchanges)
        {
            if (!SpfDomainName.IsQueryable(mx.Exchange))
            {
                // A null MX (".") or a name DNS cannot hold designates no host.
                continue;
            }

            if (looked == _settings.MaxMxAddresses)
            {
                // RFC 7208 §4.6.4: evaluating an "mx" must not query more than 10 address records.
                return SpfMatch.Fail(SpfOutcome.Error(SpfResult.PermError, string.Create(CultureInfo.InvariantCulture, $"'{target}' has more than {_settings.MaxMxAddresses} MX hosts"), domain));
            }

            looked++;
            var addresses = await QueryAddressesAsync(mx.Exchange, _inputs.Address.AddressFamily).ConfigureAwait(false);
            if (addresses.IsTemporaryError)
            {
                return TempError(addresses.Status, mx.Exchange, _inputs.IsIPv6 ? "AAAA" : "A", domain);
            }

            if (addresses.Status == DnsStatus.Ok && AnyMatches(addresses.Records, directive))
            {
                return SpfMatch.Yes;
            }
        }

        return SpfMatch.No;
    }

    private async Task<SpfMatch> MatchPtrAsync(string target, string domain)
    {
        var answer = await QueryPtrAsync().ConfigureAwait(false);
        if (answer.IsTemporaryError)
        {
            // RFC 7208 §5.5: a DNS error on the PTR lookup makes the mechanism fail to match.
            return SpfMatch.No;
        }

        if (answer.IsEmpty)
        {
            return CountVoid(domain);
        }

        var count = Math.Min(answer.Records.Count, _settings.MaxPtrNames);
        for (var i = 0; i < count; i++)
        {
            var name = answer.Records[i];
            if (SpfDomainName.IsSameOrSubdomain(name, target) && await IsValidatedAsync(name).ConfigureAwait(false))
            {
                return SpfMatch.Yes;
            }
        }

        return SpfMatch.No;
    }

    private async Task<SpfMatch> MatchExistsAsync(string target, string domain)
    {
        // RFC 7208 §5.7: always an A lookup, even for an IPv6 client.
        var answer = await QueryAddressesAsync(target, AddressFamily.InterNetwork).ConfigureAwait(false);
        if (answer.IsTemporaryError)
        {
            return TempError(answer.Status, target, "A", domain);
        }

        return answer.IsEmpty ? CountVoid(domain) : SpfMatch.Yes;
    }

    private bool AnyMatches(IReadOnlyList<IPAddress> addresses, SpfDirective directive)
    {
        var prefix = _inputs.IsIPv6 ? directive.Ip6Prefix : directive.Ip4Prefix;
        foreach (var address in addresses)
        {
            if (SpfAddress.Matches(_inputs.Address, SpfAddress.Normalize(address), prefix))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> IsValidatedAsync(string name)
    {
        // RFC 7208 §5.5: a name is validated when one of its addresses is the client's; errors skip the name.
        if (!SpfDomainName.IsQueryable(name))
        {
            return false;
        }

        var answer = await QueryAddressesAsync(name, _inputs.Address.AddressFamily).ConfigureAwait(false);
        if (answer.Status != DnsStatus.Ok)
        {
            return false;
        }

        foreach (var address in answer.Records)
        {
            if (SpfAddress.Normalize(address).Equals(_inputs.Address))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<string?> ExplainAsync(SpfMacroString exp, string domain)
    {
        // RFC 7208 §6.2: any problem (bad name, DNS error, not exactly one record, bad syntax) means no explanation.
        var target = await ExpandDomainAsync(exp, domain).ConfigureAwait(false);
        if (target is null)
        {
            return null;
        }

        var answer = await QueryTxtAsync(target).ConfigureAwait(false);
        if (answer.Status != DnsStatus.Ok || answer.Records.Count != 1)
        {
            return null;
        }

        if (!SpfMacroString.TryParse(answer.Records[0], SpfMacroContext.Explanation, out var text, out _))
        {
            return null;
        }

        var validated = text!.UsesValidatedDomain ? await GetValidatedDomainAsync(domain).ConfigureAwait(false) : null;
        return text.ExpandExplanation(new SpfMacroValues(_inputs, domain, validated));
    }

    private async Task<string?> ExpandDomainAsync(SpfMacroString spec, string domain)
    {
        var validated = spec.UsesValidatedDomain ? await GetValidatedDomainAsync(domain).ConfigureAwait(false) : null;
        return spec.ExpandDomain(new SpfMacroValues(_inputs, domain, validated));
    }

    private async Task<string> GetValidatedDomainAsync(string domain)
    {
        // RFC 7208 §7.3: %{p} is a validated name of the client, preferably the domain itself or one of its subdomains.
        // The validated names are looked up once per check; they do not count against the lookup limits.
        if (_validatedNames is null)
        {
            _validatedNames = [];
            var answer = await QueryPtrAsync().ConfigureAwait(false);
            if (answer.Status == DnsStatus.Ok)
            {
                var count = Math.Min(answer.Records.Count, _settings.MaxPtrNames);
                for (var i = 0; i < count; i++)
                {
                    if (await IsValidatedAsync(answer.Records[i]).ConfigureAwait(false))
                    {
                        _validatedNames.Add(answer.Records[i].TrimEnd('.'));
                    }
                }
            }
        }

        string? subdomain = null;
        foreach (var name in _validatedNames)
        {
            if (name.Equals(domain, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }

            if (subdomain is null && SpfDomainName.IsSameOrSubdomain(name, domain))
            {
                subdomain = name;
            }
        }

        return subdomain ?? (_validatedNames.Count > 0 ? _validatedNames[0] : "unknown");
    }

    private bool CountLookup(out string problem)
    {
        if (DnsLookups >= _settings.MaxDnsLookups)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"more than {_settings.MaxDnsLookups} DNS lookups");
            return false;
        }

        DnsLookups++;
        problem = string.Empty;
        return true;
    }

    private SpfMatch CountVoid(string domain)
    {
        VoidLookups++;
        return VoidLookups > _settings.MaxVoidLookups
            ? SpfMatch.Fail(SpfOutcome.Error(SpfResult.PermError, string.Create(CultureInfo.InvariantCulture, $"more than {_settings.MaxVoidLookups} void DNS lookups"), domain))
            : SpfMatch.No;
    }

    private static SpfMatch TempError(DnsStatus status, string name, string type, string domain) =>
        SpfMatch.Fail(SpfOutcome.Error(SpfResult.TempError, $"DNS {Describe(status)} looking up the {type} records of '{name}'", domain));

    private static string Describe(DnsStatus status) => status == DnsStatus.Timeout ? "timeout" : "server failure";

    private ValueTask<DnsResult<string>> QueryTxtAsync(string name)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return _resolver.QueryTxtAsync(name, _cancellationToken);
    }

    private ValueTask<DnsResult<IPAddress>> QueryAddressesAsync(string name, AddressFamily family)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return _resolver.QueryAddressesAsync(name.TrimEnd('.'), family, _cancellationToken);
    }

    private ValueTask<DnsResult<MxRecord>> QueryMxAsync(string name)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return _resolver.QueryMxAsync(name, _cancellationToken);
    }

    private ValueTask<DnsResult<string>> QueryPtrAsync()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return _resolver.QueryPtrAsync(_inputs.Address, _cancellationToken);
    }

    /// <summary>Whether a mechanism matched, or the error that ends the evaluation.</summary>
    private readonly record struct SpfMatch(bool Matched, SpfOutcome? Failure)
    {
        public static SpfMatch Yes => new(true, null);

        public static SpfMatch No => new(false, null);

        public static SpfMatch Of(bool matched) => new(matched, null);

        public static SpfMatch Fail(SpfOutcome failure) => new(false, failure);
    }
}
