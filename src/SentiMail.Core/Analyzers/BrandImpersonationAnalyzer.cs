using SentiMail.Context;
using SentiMail.Rules;
using SentiMail.Signals;
using SentiMail.Text;

namespace SentiMail.Analyzers;

/// <summary>
/// Finds messages that claim a well-known brand (in the display name, subject, body or link text) while the sender
/// and links are not the brand's, and domains that look like a brand's (typos, homoglyphs, brand plus words,
/// brand domain used as a subdomain).
/// </summary>
public sealed class BrandImpersonationAnalyzer : IMessageAnalyzer
{
    /// <summary>The display name names a brand that the sender's domain does not belong to.</summary>
    public static readonly SignalDefinition DisplayNameImpersonation = new(
        "brand.display-name-impersonation", SignalCategory.Impersonation, 30, "The sender's display name claims a brand, but the message does not come from that brand's domains.");

    /// <summary>The subject names a brand that the sender's domain does not belong to.</summary>
    public static readonly SignalDefinition SubjectImpersonation = new(
        "brand.subject-impersonation", SignalCategory.Impersonation, 12, "The subject names a brand, but the message does not come from that brand's domains.");

    /// <summary>The body speaks for a brand while sender and links are elsewhere.</summary>
    public static readonly SignalDefinition BodyImpersonation = new(
        "brand.body-impersonation", SignalCategory.Impersonation, 10, "The text names a brand, but neither the sender nor any link belongs to that brand.");

    /// <summary>A link's text names a brand while it points elsewhere.</summary>
    public static readonly SignalDefinition LinkTextImpersonation = new(
        "brand.link-text-impersonation", SignalCategory.Impersonation, 20, "A link's text names a brand, but the link points to another organisation.");

    /// <summary>The sender's domain looks like a brand's.</summary>
    public static readonly SignalDefinition LookalikeSenderDomain = new(
        "brand.lookalike-sender-domain", SignalCategory.Impersonation, 35, "The sender's domain imitates a brand's domain (typo, look-alike characters, or the brand name plus words).");

    /// <summary>A link goes to a domain that looks like a brand's.</summary>
    public static readonly SignalDefinition LookalikeLinkDomain = new(
        "brand.lookalike-link-domain", SignalCategory.Impersonation, 30, "A link goes to a domain that imitates a brand's domain.");

    private static readonly IReadOnlyList<SignalDefinition> s_signals =
        [DisplayNameImpersonation, SubjectImpersonation, BodyImpersonation, LinkTextImpersonation, LookalikeSenderDomain, LookalikeLinkDomain];

    /// <inheritdoc />
    public string Name => "brands";

    /// <inheritdoc />
    public IReadOnlyList<SignalDefinition> Signals => s_signals;

    /// <inheritdoc />
    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        var rules = context.Rules;
        if (rules.Brands.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var senderBrand = rules.FindBrandByDomain(context.Senders.FromDomain);
        CheckClaims(context, signals, rules, senderBrand);
        cancellationToken.ThrowIfCancellationRequested();
        CheckLookalikes(context, signals, rules);
        return ValueTask.CompletedTask;
    }

    private static void CheckClaims(AnalysisContext context, SignalCollector signals, RuleSet rules, int senderBrand)
    {
        var counts = new int[rules.BrandKeywords.PhraseCount];
        var fromDomain = context.Senders.FromDomain ?? "(none)";

        foreach (var brand in Claims(rules, TextFolding.Fold(context.Senders.FromDisplayName), counts, includeAmbiguous: true))
        {
            if (brand != senderBrand)
            {
                signals.Add(DisplayNameImpersonation, $"The display name claims {rules.Brands[brand].Name}, but the sender is at {fromDomain}.", "header:From", context.Senders.FromDisplayName);
            }
        }

        foreach (var brand in Claims(rules, context.FoldedSubject, counts, includeAmbiguous: true))
        {
            if (brand != senderBrand)
            {
                signals.Add(SubjectImpersonation, $"The subject names {rules.Brands[brand].Name}, but the sender is at {fromDomain}.", "header:Subject", context.Subject);
            }
        }

        var linkBrands = new HashSet<int>();
        var hasWebLinks = false;
        foreach (var link in context.Links)
        {
            if (link.Host is { } host && link.Source != LinkSource.HtmlResource)
            {
                hasWebLinks = true;
                linkBrands.Add(rules.FindBrandByDomain(host));
            }
        }

        if (hasWebLinks)
        {
            foreach (var brand in Claims(rules, context.FoldedText, counts, includeAmbiguous: false))
            {
                if (brand != senderBrand && !linkBrands.Contains(brand))
                {
                    signals.Add(BodyImpersonation, $"The text speaks of {rules.Brands[brand].Name}, but neither the sender ({fromDomain}) nor any link belongs to it.", "body", rules.Brands[brand].Name);
                }
            }
        }

        foreach (var link in context.Links)
        {
            if (link.Host is not { } host || link.Text.Length == 0 || link.Source is not (LinkSource.HtmlAnchor or LinkSource.Attachment))
            {
                continue;
            }

            var target = rules.FindBrandByDomain(host);
            foreach (var brand in Claims(rules, TextFolding.Fold(link.Text, 500), counts, includeAmbiguous: false))
            {
                if (brand != target)
                {
                    signals.Add(LinkTextImpersonation, $"A link says {rules.Brands[brand].Name} but goes to {host}.", link.Location, $"{link.Text} -> {link.Url}");
                }
            }
        }
    }

    private static List<int> Claims(RuleSet rules, string folded, int[] counts, bool includeAmbiguous)
    {
        Array.Clear(counts);
        var result = new List<int>();
        if (rules.BrandKeywords.Count(folded, counts) == 0)
        {
            return result;
        }

        for (var k = 0; k < counts.Length; k++)
        {
            if (counts[k] == 0)
            {
                continue;
            }

            var brand = rules.KeywordBrand[k];
            if ((includeAmbiguous || !rules.Brands[brand].Ambiguous) && !result.Contains(brand))
            {
                result.Add(brand);
            }
        }

        return result;
    }

    private static void CheckLookalikes(AnalysisContext context, SignalCollector signals, RuleSet rules)
    {
        var checkedDomains = new HashSet<string>(StringComparer.Ordinal);
        var senders = context.Senders;
        CheckSenderDomain(context, signals, rules, senders.FromDomain, "header:From", checkedDomains);
        foreach (var replyTo in senders.ReplyToAddresses)
        {
            var at = replyTo.LastIndexOf('@');
            CheckSenderDomain(context, signals, rules, at < 0 ? null : DomainName.Normalize(replyTo[(at + 1)..]), "header:Reply-To", checkedDomains);
        }

        CheckSenderDomain(context, signals, rules, senders.ReturnPathDomain, "header:Return-Path", checkedDomains);

        var linkDomains = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in context.Links)
        {
            if (link.Host is not { } host || !linkDomains.Add(host) || linkDomains.Count > 200)
            {
                continue;
            }

            if (Lookalike(context, rules, host) is { } match)
            {
                signals.Add(LookalikeLinkDomain, $"A link goes to {DomainName.ToUnicode(host)}, which imitates {rules.Brands[match.Brand].Name} ({match.How}).", link.Location, link.Url);
            }
        }
    }

    private static void CheckSenderDomain(AnalysisContext context, SignalCollector signals, RuleSet rules, string? domain, string location, HashSet<string> checkedDomains)
    {
        if (string.IsNullOrEmpty(domain) || !checkedDomains.Add(domain))
        {
            return;
        }

        if (Lookalike(context, rules, domain) is { } match)
        {
            signals.Add(LookalikeSenderDomain, $"The sender domain {DomainName.ToUnicode(domain)} imitates {rules.Brands[match.Brand].Name} ({match.How}).", location, domain);
        }
    }

    /// <summary>Tells whether a host imitates a brand domain, and how.</summary>
    internal static (int Brand, string How)? Lookalike(AnalysisContext context, RuleSet rules, string host)
    {
        if (DomainName.IsIpLiteral(host) || rules.FindBrandByDomain(host) >= 0)
        {
            return null;
        }

        var org = context.GetOrganizationalDomain(host);
        if (org is null)
        {
            return null;
        }

        // A brand's domain used as a subdomain: paypal.com.secure-check.ru
        var sub = host.AsSpan(0, host.Length - org.Length);
        foreach (var (domain, brand) in rules.BrandDomains)
        {
            // Both tests need the subdomain part to be longer than the brand domain (most hosts have "" or "www.").
            if (sub.Length > domain.Length && (sub.StartsWith(domain, StringComparison.Ordinal) && sub[domain.Length] == '.' || ContainsBetweenDots(sub, domain)))
            {
                return (brand, $"{domain} used as a subdomain");
            }
        }

        var label = org[..org.IndexOf('.', StringComparison.Ordinal)];
        var unicodeLabel = DomainName.ToUnicode(label);
        var skeleton = Confusables.Skeleton(unicodeLabel);
        var tokens = label.Split('-', StringSplitOptions.RemoveEmptyEntries);
        foreach (var brand in rules.BrandLabels)
        {
            if (string.Equals(brand.Label, label, StringComparison.Ordinal))
            {
                // Same name under another suffix (paypal.co.xyz): only suspicious for distinctive names.
                if (!brand.Ambiguous && brand.Label.Length >= 5)
                {
                    return (brand.Brand, "the brand's name under another suffix");
                }

                continue;
            }

            if (string.Equals(brand.Skeleton, skeleton, StringComparison.Ordinal))
            {
                return (brand.Brand, "look-alike characters");
            }

            if (brand.Ambiguous)
            {
                continue;
            }

            if (brand.Label.Length >= 6 && !label.Contains('-', StringComparison.Ordinal) && MayBeOneEditApart(label, brand.Label) && EditDistance.Compute(label, brand.Label, 1) <= 1)
            {
                return (brand.Brand, "a one-letter typo");
            }

            if (tokens.Length > 1 && Array.IndexOf(tokens, brand.Label) >= 0)
            {
                return (brand.Brand, "the brand's name plus other words");
            }

            if (brand.Label.Length >= 5 && label.Length > brand.Label.Length && skeleton.Contains(brand.Skeleton, StringComparison.Ordinal))
            {
                return (brand.Brand, "the brand's name inside another name");
            }
        }

        return null;
    }

    /// <summary>Tells whether <c>"." + domain + "."</c> occurs in <paramref name="text"/>, without building that string.</summary>
    private static bool ContainsBetweenDots(ReadOnlySpan<char> text, string domain)
    {
        var from = 1;
        while (from < text.Length)
        {
            var at = text[from..].IndexOf(domain, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            at += from;
            var end = at + domain.Length;
            if (text[at - 1] == '.' && end < text.Length && text[end] == '.')
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>
    /// A cheap necessary condition for an edit distance of at most one: one substitution, insertion, deletion or adjacent
    /// transposition leaves a common prefix and a common suffix (counted after the prefix) that together cover all but
    /// at most two characters of the longer string. Pairs that fail it cannot be one edit apart, so the full
    /// <see cref="EditDistance.Compute"/> is only run on the few that pass.
    /// </summary>
    private static bool MayBeOneEditApart(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var prefix = a.AsSpan().CommonPrefixLength(b);
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        return prefix + suffix >= Math.Max(a.Length, b.Length) - 2;
    }
}
