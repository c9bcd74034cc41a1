using System.Globalization;
using MimeKit;
using SentiMail.Analyzers;
using SentiMail.Authentication.Arc;
using SentiMail.Authentication.Dkim;
using SentiMail.Authentication.Dmarc;
using SentiMail.Authentication.Spf;
using SentiMail.Context;
using SentiMail.Dns;
using SentiMail.Signals;

namespace SentiMail.Authentication;

/// <summary>
/// Verifies SPF (RFC 7208), DKIM (RFC 6376, RFC 8463), ARC (RFC 8617) and DMARC (RFC 7489) against DNS, and raises
/// the authentication signals. Offline (the default), it reports the checks as skipped, or uses the results written
/// by trusted servers in <c>Authentication-Results</c>.
/// </summary>
public sealed class AuthenticationAnalyzer : IMessageAnalyzer
{
    /// <summary>The most distinct From domains whose DMARC records are looked up for one message; a message naming more
    /// fails DMARC (RFC 7489 §6.6.1 lets a receiver reject it), with <see cref="TooManyDomainsWeight"/>.</summary>
    public const int MaxDmarcDomains = 20;

    /// <summary>The weight of <c>dmarc.fail</c> for a message whose From names more than <see cref="MaxDmarcDomains"/>
    /// domains.</summary>
    public const int TooManyDomainsWeight = 25;

    private readonly IDnsResolver? _resolver;
    private readonly AuthenticationOptions _options;
    private readonly TimeProvider _time;
    private readonly DkimKeyCache _keys = new();

    /// <summary>Initializes a new instance of the <see cref="AuthenticationAnalyzer"/> class.</summary>
    /// <param name="resolver">The DNS resolver; <see langword="null"/> to work offline.</param>
    /// <param name="options">The authentication options.</param>
    /// <param name="timeProvider">The clock (DKIM expiry, SPF <c>%{t}</c>); <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public AuthenticationAnalyzer(IDnsResolver? resolver, AuthenticationOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _resolver = options.Offline ? null : resolver;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name => "authentication";

    /// <inheritdoc />
    public IReadOnlyList<SignalDefinition> Signals => AuthenticationSignals.All;

    /// <inheritdoc />
    public async ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        if (_resolver is null)
        {
            if (!TrustedResults.Apply(context, signals, _options.TrustedAuthServIds))
            {
                signals.Add(AuthenticationSignals.SpfSkipped, "SPF was not checked: offline mode.", "engine", "offline");
                signals.Add(AuthenticationSignals.DkimSkipped, "DKIM was not checked: offline mode.", "engine", "offline");
                signals.Add(AuthenticationSignals.DmarcSkipped, "DMARC was not checked: offline mode.", "engine", "offline");
                if (context.Message.Headers.Contains(HeaderId.ArcSeal))
                {
                    signals.Add(AuthenticationSignals.ArcSkipped, "The ARC chain was not checked: offline mode.", "engine", "offline");
                }
            }

            return;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.MessageDnsBudget);
        var results = await AuthenticateAsync(context, budget.Token, cancellationToken).ConfigureAwait(false);
        Report(context, signals, results);
    }

    /// <summary>Runs every check concurrently: SPF, DKIM, ARC and the lookup of the DMARC record, which needs none of
    /// them (a slow DKIM domain chosen by the sender must not spend the budget that DMARC's verdict needs). DMARC is
    /// then evaluated from their results.</summary>
    private async Task<AuthenticationResults> AuthenticateAsync(AnalysisContext context, CancellationToken budget, CancellationToken caller)
    {
        var resolver = new BudgetedResolver(_resolver!, budget, caller);
        var locator = new DnsDkimPublicKeyLocator(resolver, _keys);
        var dmarcEvaluator = new DmarcEvaluator(resolver, context.Rules.PublicSuffixes);
        var (fromDomains, tooManyDomains) = DmarcDomains(context.Senders);
        var dmarcTask = Task.WhenAll(fromDomains.Select(d => dmarcEvaluator.DiscoverAsync(d, caller)));
        var spfTask = CheckSpfAsync(context, resolver, caller);
        var dkimTask = new DkimVerification(locator, _time).VerifyAsync(context.Message, caller);
        var arcTask = ArcVerification.VerifyAsync(context.Message, locator, caller);
        await Task.WhenAll(dmarcTask, spfTask, dkimTask, arcTask).ConfigureAwait(false);

        var spf = await spfTask.ConfigureAwait(false);
        var dkim = await dkimTask.ConfigureAwait(false);
        var passDomains = dkim.Where(d => d.Result == DkimResult.Pass).Select(d => d.Domain).ToList();
        var spfDomain = spf is { Result: SpfResult.Pass } ? spf.Domain : null;
        var discoveries = await dmarcTask.ConfigureAwait(false);
        var dmarc = fromDomains
            .Select((domain, i) => dmarcEvaluator.Conclude(domain, discoveries[i], spfDomain, passDomains))
            .MaxBy(Severity)!;
        return new AuthenticationResults(spf, dkim, await arcTask.ConfigureAwait(false), dmarc, fromDomains.Count, tooManyDomains);
    }

    /// <summary>The From domains DMARC evaluates: every distinct domain of every From mailbox, in order, since mail
    /// clients differ on which of several they show (RFC 7489 §6.6.1 lets a receiver evaluate each and apply the
    /// strictest outcome), up to <see cref="MaxDmarcDomains"/>, with whether there are more (the message then fails);
    /// the first From domain, possibly none, when no mailbox has one.</summary>
    private static (List<string?> Domains, bool TooMany) DmarcDomains(SenderIdentities senders)
    {
        var domains = new List<string?>();
        foreach (var mailbox in senders.FromMailboxes)
        {
            if (mailbox.Domain is { Length: > 0 } domain && !domains.Contains(domain, StringComparer.OrdinalIgnoreCase))
            {
                if (domains.Count == MaxDmarcDomains)
                {
                    return (domains, true);
                }

                domains.Add(domain);
            }
        }

        if (domains.Count == 0)
        {
            domains.Add(senders.FromDomain);
        }

        return (domains, false);
    }

    /// <summary>Orders DMARC outcomes from the most reassuring to the most damning, so that the one reported for a
    /// message with several From domains is the worst: a pass, no record, no usable domain, a lookup error, a failure
    /// whose domain asks to monitor, to quarantine, to reject. Equal outcomes keep the first.</summary>
    private static int Severity(DmarcEvaluation evaluation) => evaluation.Result switch
    {
        DmarcResult.Pass => 0,
        DmarcResult.None => 1,
        DmarcResult.PermError => 2,
        DmarcResult.TempError => 3,
        _ => evaluation.Policy switch { "reject" => 6, "quarantine" => 5, _ => 4 },
    };

    private async Task<SpfCheckResult?> CheckSpfAsync(AnalysisContext context, IDnsResolver resolver, CancellationToken cancellationToken)
    {
        if (context.ClientIp is not { } ip)
        {
            return null;
        }

        var helo = context.Envelope.Helo ?? context.ClientHop?.FromHost;
        var validator = new SpfValidator(resolver, timeProvider: _time);
        return await validator.CheckAsync(ip, context.Senders.ReturnPath, helo, cancellationToken).ConfigureAwait(false);
    }

    private static void Report(AnalysisContext context, SignalCollector signals, AuthenticationResults results)
    {
        ReportSpf(context, signals, results.Spf);
        ReportDkim(signals, results.Dkim);
        ReportArc(signals, results.Arc);
        if (results.TooManyDomains)
        {
            // Evaluating only some of them would let filler domains hide a spoofed one: the message fails as a whole,
            // and a failing domain among those checked adds its own weight.
            signals.Add(
                AuthenticationSignals.DmarcFail,
                $"From names more than {MaxDmarcDomains.ToString(CultureInfo.InvariantCulture)} domains, too many to check each with DMARC; such mail fails it.",
                "header:From",
                $"{MaxDmarcDomains.ToString(CultureInfo.InvariantCulture)}+ domains",
                TooManyDomainsWeight);
            if (results.Dmarc.Result != DmarcResult.Fail)
            {
                return;
            }
        }

        ReportDmarc(signals, results.Dmarc, results.DmarcDomainCount);
    }

    private static void ReportSpf(AnalysisContext context, SignalCollector signals, SpfCheckResult? spf)
    {
        if (spf is null)
        {
            signals.Add(AuthenticationSignals.SpfSkipped, "SPF was not checked: the client IP is unknown (no untrusted Received hop, none given).", "engine", "no client IP");
            return;
        }

        var ip = context.ClientIp?.ToString() ?? string.Empty;
        var evidence = $"{spf.Domain} for {ip}{(spf.Reason is { Length: > 0 } r ? ": " + r : string.Empty)}";
        var (definition, sentence) = spf.Result switch
        {
            SpfResult.Pass => (AuthenticationSignals.SpfPass, $"SPF passed for {spf.Domain} from {ip}."),
            SpfResult.Fail => (AuthenticationSignals.SpfFail, $"SPF failed: {spf.Domain} does not allow {ip} to send its mail."),
            SpfResult.SoftFail => (AuthenticationSignals.SpfSoftFail, $"SPF soft-failed: {spf.Domain} probably does not allow {ip}."),
            SpfResult.Neutral => (AuthenticationSignals.SpfNeutral, $"SPF is neutral for {spf.Domain} and {ip}."),
            SpfResult.None => (AuthenticationSignals.SpfNone, $"{spf.Domain} publishes no SPF record."),
            SpfResult.PermError => (AuthenticationSignals.SpfPermError, $"The SPF record of {spf.Domain} is broken."),
            _ => (AuthenticationSignals.SpfTempError, $"SPF for {spf.Domain} could not be checked (temporary DNS error)."),
        };
        signals.Add(definition, sentence, "dns:spf", evidence);
    }

    private static void ReportDkim(SignalCollector signals, IReadOnlyList<DkimSignatureResult> dkim)
    {
        if (dkim.Count == 0)
        {
            signals.Add(AuthenticationSignals.DkimNone, "The message has no DKIM signature.", "header:DKIM-Signature", "(none)");
            return;
        }

        foreach (var pass in dkim.Where(d => d.Result == DkimResult.Pass))
        {
            signals.Add(AuthenticationSignals.DkimPass, $"A DKIM signature of {pass.Domain} verified.", "dns:dkim", $"d={pass.Domain} s={pass.Selector} a={pass.Algorithm}");
        }

        if (dkim.Any(d => d.Result == DkimResult.Pass))
        {
            return;
        }

        var failed = dkim.Where(d => d.Result is DkimResult.Fail or DkimResult.PermError).ToList();
        if (failed.Count > 0)
        {
            signals.Add(
                AuthenticationSignals.DkimFail,
                $"No DKIM signature verifies: {failed[0].Detail}.",
                failed.Select(f => new SignalEvidence("dns:dkim", $"d={f.Domain} s={f.Selector}: {f.Reason} ({f.Detail})")));
        }
        else
        {
            signals.Add(AuthenticationSignals.DkimTempError, "DKIM keys could not be fetched (temporary DNS error).", dkim.Select(f => new SignalEvidence("dns:dkim", $"d={f.Domain} s={f.Selector}: {f.Detail}")));
        }
    }

    private static void ReportArc(SignalCollector signals, ArcChainResult arc)
    {
        switch (arc.Result)
        {
            case ArcResult.Pass:
                signals.Add(AuthenticationSignals.ArcPass, $"The ARC chain is intact ({arc.Instances.ToString(CultureInfo.InvariantCulture)} set(s)).", "header:ARC-Seal", arc.Detail);
                break;
            case ArcResult.Fail:
                signals.Add(AuthenticationSignals.ArcFail, $"The ARC chain is broken: {arc.Detail}.", "header:ARC-Seal", arc.Detail);
                break;
        }
    }

    private static void ReportDmarc(SignalCollector signals, DmarcEvaluation dmarc, int domainCount)
    {
        var where = dmarc.RecordDomain is { } d ? "dns:_dmarc." + d : "dns:dmarc";
        var among = domainCount > 1 ? $" (the worst of the {domainCount.ToString(CultureInfo.InvariantCulture)} From domains)" : string.Empty;
        switch (dmarc.Result)
        {
            case DmarcResult.Pass:
                signals.Add(AuthenticationSignals.DmarcPass, domainCount > 1
                    ? $"DMARC passed for each of the {domainCount.ToString(CultureInfo.InvariantCulture)} From domains, {dmarc.FromDomain} first: {dmarc.Detail}."
                    : $"DMARC passed for {dmarc.FromDomain}: {dmarc.Detail}.", where, dmarc.Detail);
                break;
            case DmarcResult.Fail:
                var weight = dmarc.Policy switch { "reject" => 35, "quarantine" => 25, _ => 12 };
                signals.Add(
                    AuthenticationSignals.DmarcFail,
                    $"DMARC failed for {dmarc.FromDomain}{among}, which asks receivers to {(dmarc.Policy == "none" ? "only monitor" : dmarc.Policy)} such mail.",
                    [
                        new SignalEvidence(where, $"p={dmarc.Policy}"),
                        new SignalEvidence("alignment", $"SPF aligned: {(dmarc.SpfAligned ? "yes" : "no")}, DKIM aligned: {(dmarc.DkimAligned ? "yes" : "no")}"),
                    ],
                    weight);
                break;
            case DmarcResult.None:
                signals.Add(AuthenticationSignals.DmarcNone, $"{dmarc.FromDomain}{among} publishes no DMARC record.", "dns:dmarc", dmarc.FromDomain);
                break;
            case DmarcResult.TempError:
                signals.Add(AuthenticationSignals.DmarcTempError, dmarc.Detail + among + ".", "dns:dmarc", dmarc.FromDomain);
                break;
        }
    }

    private sealed record AuthenticationResults(SpfCheckResult? Spf, IReadOnlyList<DkimSignatureResult> Dkim, ArcChainResult Arc, DmarcEvaluation Dmarc, int DmarcDomainCount, bool TooManyDomains);
}
