using System.Buffers;
using System.Globalization;
using MimeKit;
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

        CheckClaims(context, signals, rules, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        CheckLookalikes(context, signals, rules);
        return ValueTask.CompletedTask;
    }

    private static void CheckClaims(AnalysisContext context, SignalCollector signals, RuleSet rules, CancellationToken cancellationToken)
    {
        var counts = new int[rules.BrandKeywords.PhraseCount];
        var senderDomain = context.Senders.FromDomain;
        var fromDomain = senderDomain ?? "(none)";

        // Every From mailbox, of every From header (clients differ on which of several they show), is checked against
        // its own domain. A domain may belong to several brands, so a claim is checked against the claimed brand's own
        // domains.
        var mailboxes = context.Senders.FromMailboxes;
        var several = mailboxes.Count > 1;
        foreach (var mailbox in mailboxes)
        {
            CheckDisplayName(context, signals, mailbox, several, counts, cancellationToken);
        }

        if (mailboxes.Count == 0 && context.Senders.FromDisplayName.Length > 0)
        {
            CheckDisplayName(context, signals, new SenderMailbox { Address = string.Empty, DisplayName = context.Senders.FromDisplayName }, several: false, counts, cancellationToken);
        }

        // Every Subject header, for the same reason. A subject's claim stands unless every From mailbox is the brand's.
        var subjects = Subjects(context);
        for (var s = 0; s < subjects.Count; s++)
        {
            var subject = subjects[s];

            // A name written with look-alike characters (PayPaI, Micr0soft) is read as the name.
            var shown = BrandLookalikes.Resolve(subject, context);
            var plain = s == 0 ? context.FoldedSubject : TextFolding.Fold(subject, MaxFoldedSubjectLength);
            var folded = ReferenceEquals(shown, subject) ? plain : TextFolding.Fold(shown, MaxFoldedSubjectLength);
            var location = subjects.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $"header:Subject[{s}]") : "header:Subject";
            foreach (var brand in Claims(rules, folded, counts, includeAmbiguous: true))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!IsFromBrand(context, rules, brand) && (!rules.Brands[brand].Ambiguous || WritesAsName(shown, rules.Brands[brand]) || NamesCustomerThing(folded, rules.Brands[brand])))
                {
                    var which = subjects.Count > 1 ? $"One of the {subjects.Count} subjects" : "The subject";
                    signals.Add(SubjectImpersonation, $"{which} names {rules.Brands[brand].Name}{HowWritten(plain, folded, rules.Brands[brand])}, but the sender is at {fromDomain}.", location, subject);
                }
            }
        }

        var linkHosts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in context.Links)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (link.Host is { } host && link.Source != LinkSource.HtmlResource)
            {
                linkHosts.Add(host);
            }
        }

        // Naming a brand in passing is what news and newsletters do; it counts only beside phishing evidence.
        var phishingContext = signals.Contains(ContentAnalyzer.PhishingLure.Id) || signals.Contains(LinkAnalyzer.CredentialForm.Id) || signals.Contains(LinkAnalyzer.Form.Id);
        if (linkHosts.Count > 0 && phishingContext)
        {
            foreach (var brand in Claims(rules, context.FoldedTextWithBrandLookalikes, counts, includeAmbiguous: false))
            {
                if (!rules.IsBrandDomain(brand, senderDomain) && !linkHosts.Any(h => rules.IsBrandDomain(brand, h)))
                {
                    signals.Add(BodyImpersonation, $"The text speaks of {rules.Brands[brand].Name}, but neither the sender ({fromDomain}) nor any link belongs to it.", "body", rules.Brands[brand].Name);
                }
            }
        }

        foreach (var link in context.Links)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (link.Host is not { } host || link.Text.Length == 0 || link.Source is not (LinkSource.HtmlAnchor or LinkSource.Attachment))
            {
                continue;
            }

            var shownText = BrandLookalikes.Resolve(link.Text, context);
            var foldedText = TextFolding.Fold(shownText, 500);
            if (foldedText.Length > MaxCallToActionLength || ShowsOwnHost(link.Text, host))
            {
                continue;
            }

            var asksToAct = s_actions.Any(a => foldedText.Contains(a, StringComparison.Ordinal));
            foreach (var brand in Claims(rules, foldedText, counts, includeAmbiguous: false))
            {
                if (!rules.IsBrandDomain(brand, host) && (asksToAct || ShowsBrandAddress(shownText, foldedText, rules.Brands[brand])))
                {
                    signals.Add(LinkTextImpersonation, $"A link says {rules.Brands[brand].Name} but goes to {host}.", link.Location, $"{link.Text} -> {link.Target}");
                }
            }
        }
    }

    /// <summary>The most Subject headers read.</summary>
    private const int MaxSubjects = 20;

    /// <summary>The most folded characters of a subject read, as <see cref="AnalysisContext.FoldedSubject"/>.</summary>
    private const int MaxFoldedSubjectLength = 4096;

    /// <summary>Says, for a description, that a brand was found only written with look-alike characters.</summary>
    /// <param name="plain">The text folded as written.</param>
    /// <param name="resolved">The text folded with look-alike names written plainly (<see cref="BrandLookalikes"/>).</param>
    /// <param name="brand">The brand found in <paramref name="resolved"/>.</param>
    private static string HowWritten(string plain, string resolved, BrandDefinition brand) =>
        ReferenceEquals(plain, resolved) || brand.Keywords.Any(k => plain.Contains(TextFolding.Fold(k), StringComparison.Ordinal))
            ? string.Empty
            : " (written with look-alike characters)";

    private static void CheckDisplayName(AnalysisContext context, SignalCollector signals, SenderMailbox mailbox, bool several, int[] counts, CancellationToken cancellationToken)
    {
        var rules = context.Rules;

        // A name written with look-alike characters (PayPaI, rnicrosoft, Cyrillic раураӏ) is read as the name.
        var displayName = BrandLookalikes.Resolve(mailbox.DisplayName, context);
        var foldedName = TextFolding.Fold(displayName);
        var plainName = ReferenceEquals(displayName, mailbox.DisplayName) ? foldedName : TextFolding.Fold(mailbox.DisplayName);
        var domain = string.IsNullOrEmpty(mailbox.Domain) ? "(none)" : mailbox.Domain;
        var serviceLead = -1;
        foreach (var brand in Claims(rules, foldedName, counts, includeAmbiguous: true))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rules.Brands[brand].Ambiguous && serviceLead < 0)
            {
                serviceLead = ServiceWordsLead(foldedName);
            }

            if (!rules.IsBrandDomain(brand, mailbox.Domain) && (!rules.Brands[brand].Ambiguous || LeadsWithBrand(foldedName, serviceLead, rules.Brands[brand]) || EndsWithBrand(displayName, foldedName, rules.Brands[brand])))
            {
                // With several From mailboxes, the evidence names the mailbox and the header it is in.
                var how = HowWritten(plainName, foldedName, rules.Brands[brand]);
                var description = several
                    ? $"The display name of the From mailbox {mailbox.Address} claims {rules.Brands[brand].Name}{how}, but that address is at {domain}."
                    : $"The display name claims {rules.Brands[brand].Name}{how}, but the sender is at {domain}.";
                signals.Add(DisplayNameImpersonation, description, mailbox.Location, several ? mailbox.ToString() : mailbox.DisplayName);
            }
        }
    }

    /// <summary>Returns the decoded value of every Subject header, the first (<see cref="AnalysisContext.Subject"/>) first.</summary>
    private static List<string> Subjects(AnalysisContext context)
    {
        var subjects = new List<string>();
        foreach (var header in context.Message.Headers)
        {
            if (header.Id == HeaderId.Subject)
            {
                subjects.Add(subjects.Count == 0 ? context.Subject : header.Value ?? string.Empty);
                if (subjects.Count == MaxSubjects)
                {
                    break;
                }
            }
        }

        if (subjects.Count == 0)
        {
            subjects.Add(context.Subject);
        }

        return subjects;
    }

    /// <summary>Tells whether the message comes from the brand: every From mailbox is at one of its domains.</summary>
    private static bool IsFromBrand(AnalysisContext context, RuleSet rules, int brand)
    {
        var mailboxes = context.Senders.FromMailboxes;
        if (mailboxes.Count == 0)
        {
            return rules.IsBrandDomain(brand, context.Senders.FromDomain);
        }

        foreach (var mailbox in mailboxes)
        {
            if (!rules.IsBrandDomain(brand, mailbox.Domain))
            {
                return false;
            }
        }

        return true;
    }

    private const int MaxCallToActionLength = 60;

    private static readonly SearchValues<char> s_addressEnd = SearchValues.Create("/?#:");

    private static readonly SearchValues<char> s_whiteSpace = SearchValues.Create(" \t\r\n");

    // "Visit PayPal.com" or "PayPal.com home" shows an address; "McAfee.com sour on sweetened bid" is a headline.
    private const int MaxWordsBesideAddress = 3;

    private static readonly string[] s_actions =
    [
        " sign in ", " signin ", " log in ", " login ", " log on ", " verify ", " confirm ", " account ", " update ", " secure ",
        " connexion ", " connecter ", " compte ", " verifier ", " confirmer ", " payment ", " paiement ", " unlock ", " restore ",
    ];

    // The parts of a web address as folded text shows them ("www.paypal.com" folds to " www paypal com ").
    private static readonly HashSet<string> s_addressWords = new(StringComparer.Ordinal) { "www", "com", "fr", "net", "org", "https", "http" };

    // Words that go with a brand's name in the display name of its own mail ("PayPal Service", "Votre espace Orange").
    private static readonly HashSet<string> s_serviceWords = new(StringComparer.Ordinal)
    {
        "the", "your", "my", "votre", "mon", "ton", "from", "de", "du", "des", "la", "le", "l", "team", "equipe", "support",
        "service", "services", "customer", "client", "clients", "care", "help", "billing", "account", "accounts", "security",
        "securite", "secure", "notification", "notifications", "alert", "alerts", "info", "infos", "noreply", "no", "reply",
        "do", "not", "official", "officiel", "online", "en", "ligne", "verification", "payment", "paiement", "compte", "espace",
        "id", "mail", "message", "messages", "assistance", "d", "clientele", "order", "orders", "update", "updates",
        "membership", "member", "members", "rewards", "shipping", "delivery", "department", "desk", "center", "centre",
    };

    // Words after which a brand ending a display name is its sender's: "Jane from Amazon", "Service client chez Orange".
    private static readonly HashSet<string> s_senderPrepositions = new(StringComparer.Ordinal) { "from", "at", "by", "chez", "par" };

    // Characters that set a brand ending a display name apart from what comes before: "Order Update - Amazon".
    private static readonly SearchValues<char> s_nameSeparators = SearchValues.Create("-|:/\u2013\u2014\u00B7\u2022");

    // "your amazon account": a possessive, the brand, and what a customer has with it.
    private static readonly string[] s_owners = [" your", " votre", " my", " mon", " ton"];

    private static readonly string[] s_customerThings =
    [
        "account ", "accounts ", "id ", "order ", "orders ", "payment ", "membership ", "subscription ", "password ",
        "card ", "compte ", "commande ", "abonnement ", "paiement ", "carte ",
    ];

    /// <summary>Returns where the first word of a folded display name that is not a word such as "your", "service" or
    /// "team" starts, or the name's length when every word is one: the words are walked once, however long the name.</summary>
    private static int ServiceWordsLead(string foldedName)
    {
        var serviceWords = s_serviceWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var name = foldedName.AsSpan();
        var at = 0;
        while (at < name.Length)
        {
            if (name[at] == ' ')
            {
                at++;
                continue;
            }

            var length = name[at..].IndexOf(' ');
            var word = length < 0 ? name[at..] : name.Slice(at, length);
            if (!serviceWords.Contains(word))
            {
                return at;
            }

            at += word.Length;
        }

        return name.Length;
    }

    /// <summary>Tells whether a folded display name leads with an ambiguous brand's keyword: only words such as "your",
    /// "service" or "team" come before it. "Apple Support" claims Apple; "Penguin Apple Core" names something else.</summary>
    /// <param name="foldedName">The folded display name.</param>
    /// <param name="serviceLead">Where its first word that is no service word starts (<see cref="ServiceWordsLead"/>).</param>
    /// <param name="brand">The brand.</param>
    private static bool LeadsWithBrand(string foldedName, int serviceLead, BrandDefinition brand)
    {
        // A folded keyword starts with a space, so every word before a match is whole: the words before the keyword's
        // first match are all service words exactly when that match starts before the first other word. Later matches
        // have more words before them, so the first match decides.
        foreach (var keyword in brand.Keywords)
        {
            var at = foldedName.IndexOf(TextFolding.Fold(keyword), StringComparison.Ordinal);
            if (at >= 0 && at < serviceLead)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells whether a display name ends with an ambiguous brand's keyword set apart as its sender: after a
    /// separator ("Order Update - Amazon", "Billing | Apple") or a word such as "from" ("Jane from Amazon"). "Penguin
    /// Apple" or "Blood Orange" name something else.</summary>
    private static bool EndsWithBrand(string displayName, string foldedName, BrandDefinition brand)
    {
        foreach (var keyword in brand.Keywords)
        {
            var folded = TextFolding.Fold(keyword);
            if (folded.Length >= foldedName.Length || !foldedName.EndsWith(folded, StringComparison.Ordinal))
            {
                continue;
            }

            if (s_senderPrepositions.GetAlternateLookup<ReadOnlySpan<char>>().Contains(LastWord(foldedName.AsSpan(0, foldedName.Length - folded.Length + 1))))
            {
                return true;
            }

            var name = displayName.AsSpan().TrimEnd();
            if (name.EndsWith(keyword, StringComparison.OrdinalIgnoreCase))
            {
                var before = name[..^keyword.Length].TrimEnd();
                if (!before.IsEmpty && s_nameSeparators.Contains(before[^1]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Tells whether a folded subject speaks of a customer's account, order or payment with an ambiguous
    /// brand, whatever the case: "your amazon account is on hold", not "your apple pie recipe".</summary>
    private static bool NamesCustomerThing(string foldedSubject, BrandDefinition brand)
    {
        foreach (var keyword in brand.Keywords)
        {
            var folded = TextFolding.Fold(keyword);
            for (var at = foldedSubject.IndexOf(folded, StringComparison.Ordinal); at >= 0; at = foldedSubject.IndexOf(folded, at + 1, StringComparison.Ordinal))
            {
                if (EndsWithAny(foldedSubject.AsSpan(0, at), s_owners) && StartsWithAny(foldedSubject.AsSpan(at + folded.Length), s_customerThings))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool EndsWithAny(ReadOnlySpan<char> text, string[] ends)
    {
        foreach (var end in ends)
        {
            if (text.EndsWith(end, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] starts)
    {
        foreach (var start in starts)
        {
            if (text.StartsWith(start, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells whether a text writes one of an ambiguous brand's keywords as a name, with a capital first letter,
    /// as a word of its own: "Your Apple ID", "WISE TRANSFER", not "wise up to wireless" or "the target market".</summary>
    private static bool WritesAsName(string text, BrandDefinition brand)
    {
        foreach (var keyword in brand.Keywords)
        {
            for (var at = text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(keyword, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                var end = at + keyword.Length;
                if (char.IsUpper(text[at]) && (at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Returns the host a link text shows when the whole text is one web address ("www.paypal.com",
    /// "http://groups.example.org/files/a.gif"), without a leading <c>www.</c>; otherwise <see langword="null"/>.</summary>
    private static string? ShownHost(string text)
    {
        var shown = text.AsSpan().Trim();
        if (shown.ContainsAny(s_whiteSpace))
        {
            return null;
        }

        foreach (var scheme in (ReadOnlySpan<string>)["https://", "http://"])
        {
            if (shown.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                shown = shown[scheme.Length..];
                break;
            }
        }

        var end = shown.IndexOfAny(s_addressEnd);
        if (end >= 0)
        {
            shown = shown[..end];
        }

        shown = shown.TrimEnd('.');
        if (shown.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            shown = shown[4..];
        }

        return shown.Contains('.') ? shown.ToString().ToLowerInvariant() : null;
    }

    /// <summary>Tells whether a link's text is a web address on the very host the link goes to ("www.citi.umich.edu/..."
    /// linking to www.citi.umich.edu): the text says truthfully where the link goes, whatever names the host contains.</summary>
    private static bool ShowsOwnHost(string text, string host)
    {
        var target = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        return ShownHost(text) is { } shown && string.Equals(shown, target, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Tells whether a link text shows an address of the brand's ("PayPal.com", "www.paypal.com/signin",
    /// "Visit PayPal.com") rather than a sentence that names the brand beside some other address ("PayPal, Stamps.com
    /// seal deal") or a headline ("McAfee.com sour on sweetened bid").</summary>
    private static bool ShowsBrandAddress(string text, string foldedText, BrandDefinition brand)
    {
        if (ShownHost(text) is { } shown)
        {
            var foldedHost = TextFolding.Fold(shown);
            return brand.Keywords.Any(k => foldedHost.Contains(TextFolding.Fold(k), StringComparison.Ordinal));
        }

        foreach (var keyword in brand.Keywords)
        {
            var folded = TextFolding.Fold(keyword);
            var at = foldedText.IndexOf(folded, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            // Whole words on both sides, since a folded keyword starts and ends with a space.
            var before = foldedText.AsSpan(0, at);
            var after = foldedText.AsSpan(at + folded.Length);
            var partOfAddress = IsAddressWord(LastWord(before)) || IsAddressWord(FirstWord(after));
            var otherWords = CountOtherWords(before) + CountOtherWords(after);
            if (partOfAddress && otherWords <= MaxWordsBesideAddress)
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<char> LastWord(ReadOnlySpan<char> text)
    {
        text = text.TrimEnd(' ');
        return text[(text.LastIndexOf(' ') + 1)..];
    }

    private static ReadOnlySpan<char> FirstWord(ReadOnlySpan<char> text)
    {
        text = text.TrimStart(' ');
        var end = text.IndexOf(' ');
        return end < 0 ? text : text[..end];
    }

    private static bool IsAddressWord(ReadOnlySpan<char> word) => !word.IsEmpty && s_addressWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    /// <summary>Counts the words of <paramref name="text"/> that are not parts of a web address.</summary>
    private static int CountOtherWords(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var range in text.Split(' '))
        {
            var word = text[range];
            if (!word.IsEmpty && !IsAddressWord(word))
            {
                count++;
            }
        }

        return count;
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
                signals.Add(LookalikeLinkDomain, $"A link goes to {DomainName.ToUnicode(host)}, which imitates {rules.Brands[match.Brand].Name} ({match.How}).", link.Location, link.Target);
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

    private static int NextDot(ReadOnlySpan<char> s, int from)
    {
        var next = s[(from + 1)..].IndexOf('.');
        return next < 0 ? s.Length : from + 1 + next;
    }

    // Compared with skeletons, so that "l0gin" and "secur3" count as the words they imitate.
    private static readonly string[] s_lureWords = Array.ConvertAll<string, string>(
    [
        "secure", "security", "login", "logon", "signin", "sign", "verify", "verification", "account", "accounts", "support",
        "update", "service", "services", "billing", "help", "helpdesk", "auth", "online", "web", "mail", "portal", "customer",
        "alert", "notice", "center", "centre", "id", "my", "team", "official", "pay", "payment", "refund", "delivery", "track",
        "tracking", "info", "client", "clients", "connexion", "compte", "espace", "suivi", "colis", "remboursement", "app",
        "access", "recovery", "unlock", "confirm", "check", "safe", "protect", "wallet", "invoice", "docs", "drive", "cloud",
        "order", "orders", "noreply", "resolution",
    ], Confusables.Skeleton);

    // The lure words of account take-over, as opposed to words any web service uses (mail, online, info, app, my).
    private static readonly HashSet<string> s_strongLureWords = new(Array.ConvertAll<string, string>(
    [
        "secure", "security", "login", "logon", "signin", "verify", "verification", "account", "accounts", "support",
        "update", "billing", "helpdesk", "auth", "alert", "id", "official", "payment", "refund", "recovery", "unlock",
        "confirm", "protect", "resolution", "noreply", "connexion", "compte", "remboursement",
    ], Confusables.Skeleton), StringComparer.Ordinal);

    /// <summary>Tells whether <paramref name="label"/> is the brand's skeleton with only lure words around it
    /// (<c>paypalsecure</c>, <c>microsoftonline-login</c>), not an unrelated word that happens to contain it
    /// (<c>yahoogroups</c>, <c>revolution</c>).</summary>
    private static bool IsBrandPlusLureWords(string label, string brand)
    {
        var at = label.IndexOf(brand, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        return IsLureWords(label[..at]) && IsLureWords(label[(at + brand.Length)..]);
    }

    /// <summary>Tells whether a domain label leads with the name of a brand that is also a word (Apple, Chase, Amazon),
    /// followed by lure words only, one of them a word of account take-over: <c>apple-id-support</c>,
    /// <c>chase-secure-login</c>, <c>amazonsecurity</c>; not <c>apple-orchard</c>, <c>mailshell</c> or <c>shellmail</c>.
    /// A name written with look-alike characters (<c>amaz0n-orders</c>) is no word, so any lure word will do.</summary>
    private static bool IsWordBrandPlusLureWords(string label, string joinedSkeleton, BrandLabel brand)
    {
        if (!joinedSkeleton.StartsWith(brand.Skeleton, StringComparison.Ordinal))
        {
            return false;
        }

        var disguised = !label.StartsWith(brand.Label, StringComparison.Ordinal);
        var rest = LureWordsIn(joinedSkeleton[brand.Skeleton.Length..]);
        return rest == LureWords.Strong || (disguised && rest == LureWords.Some);
    }

    private static bool IsLureWords(string rest) => LureWordsIn(rest) != LureWords.None;

    /// <summary>Tells whether <paramref name="rest"/> is a concatenation of lure words, and whether one of them is a
    /// word of account take-over (<c>login</c>, <c>verify</c>, <c>support</c>) rather than of any web service
    /// (<c>mail</c>, <c>online</c>, <c>info</c>).</summary>
    private static LureWords LureWordsIn(string rest)
    {
        if (rest.Length == 0)
        {
            return LureWords.Some;
        }

        // Word break over a small dictionary, keeping at each position the best reading: with a strong word or not.
        var state = new LureWords[rest.Length + 1];
        state[0] = LureWords.Some;
        for (var i = 0; i < rest.Length; i++)
        {
            if (state[i] == LureWords.None)
            {
                continue;
            }

            foreach (var word in s_lureWords)
            {
                if (i + word.Length <= rest.Length && string.CompareOrdinal(rest, i, word, 0, word.Length) == 0)
                {
                    var reached = state[i] == LureWords.Strong || s_strongLureWords.Contains(word) ? LureWords.Strong : LureWords.Some;
                    if (reached > state[i + word.Length])
                    {
                        state[i + word.Length] = reached;
                    }
                }
            }
        }

        return state[rest.Length];
    }

    private enum LureWords
    {
        None,
        Some,
        Strong,
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

        // A brand's domain used as a subdomain: paypal.com.secure-check.ru. Look up every dotted run of labels of the
        // subdomain part in the brand-domain table (no allocation, a handful of lookups).
        var sub = host.AsSpan(0, host.Length - org.Length).TrimEnd('.');
        var lookup = rules.BrandDomains.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var start = 0; start < sub.Length;)
        {
            var rest = sub[start..];
            for (var end = rest.IndexOf('.'); end >= 0 && end < rest.Length; end = NextDot(rest, end))
            {
                if (lookup.TryGetValue(rest, out var whole))
                {
                    return (whole, $"{rest.ToString()} used as a subdomain");
                }

                if (lookup.TryGetValue(rest[..end], out var brandIndex) && rest[..end].Contains('.'))
                {
                    return (brandIndex, $"{rest[..end].ToString()} used as a subdomain");
                }
            }

            var dot = rest.IndexOf('.');
            if (dot < 0)
            {
                break;
            }

            start += dot + 1;
        }

        if (BrandDomainBeforeHyphen(rules, host) is { } hyphenated)
        {
            return hyphenated;
        }

        var label = org[..org.IndexOf('.', StringComparison.Ordinal)];
        var unicodeLabel = DomainName.ToUnicode(label);
        var skeleton = Confusables.Skeleton(unicodeLabel);
        var tokens = label.Split('-', StringSplitOptions.RemoveEmptyEntries);
        var skeletonTokens = skeleton.Split('-', StringSplitOptions.RemoveEmptyEntries);
        var joined = skeleton.Replace("-", string.Empty, StringComparison.Ordinal);
        foreach (var brand in rules.BrandLabels)
        {
            if (string.Equals(brand.Label, label, StringComparison.Ordinal))
            {
                // Brands own their name under many suffixes (yahoo.com.au, tesco.ie): not evidence on its own.
                continue;
            }

            if (string.Equals(brand.Skeleton, skeleton, StringComparison.Ordinal))
            {
                return (brand.Brand, "look-alike characters");
            }

            if (!brand.Ambiguous)
            {
                if (brand.Label.Length >= 6 && !label.Contains('-', StringComparison.Ordinal) && MayBeOneEditApart(label, brand.Label) && EditDistance.Compute(label, brand.Label, 1) <= 1)
                {
                    return (brand.Brand, "a one-letter typo");
                }

                // The name itself, or a look-alike of a name long enough not to be a word by chance (paypa1-resolution,
                // micr0soft-teams), beside other words.
                if (tokens.Length > 1 && (Array.IndexOf(tokens, brand.Label) >= 0 || (brand.Label.Length >= 5 && Array.IndexOf(skeletonTokens, brand.Skeleton) >= 0)))
                {
                    return (brand.Brand, "the brand's name plus other words");
                }
            }

            if (brand.Label.Length >= 5 && label.Length > brand.Label.Length && (brand.Ambiguous ? IsWordBrandPlusLureWords(label, joined, brand) : IsBrandPlusLureWords(joined, brand.Skeleton)))
            {
                return (brand.Brand, "the brand's name joined to words such as 'secure' or 'login'");
            }
        }

        return BrandLabelOverLureWords(rules, host, org, joined);
    }

    /// <summary>Finds a brand's domain followed by a hyphen at the start of a label: <c>paypal.com-secure.info</c>
    /// reads as paypal.com. The brand domain's first label must have three characters or more, so that <c>t.co-op</c>
    /// is not taken for t.co.</summary>
    private static (int Brand, string How)? BrandDomainBeforeHyphen(RuleSet rules, string host)
    {
        var lookup = rules.BrandDomains.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = host.AsSpan();
        for (var start = 0; start < span.Length; start = NextDot(span, start - 1) + 1)
        {
            var rest = span[start..];
            var firstDot = rest.IndexOf('.');
            if (firstDot < 3)
            {
                if (firstDot < 0)
                {
                    break;
                }

                continue;
            }

            for (var dash = rest.IndexOf('-'); dash >= 0; dash = NextIndex(rest, '-', dash))
            {
                var candidate = rest[..dash];
                if (candidate.Length > firstDot && lookup.TryGetValue(candidate, out var brand))
                {
                    return (brand, $"{candidate.ToString()} followed by a hyphen and other words");
                }
            }
        }

        return null;
    }

    private static int NextIndex(ReadOnlySpan<char> s, char c, int from)
    {
        var next = s[(from + 1)..].IndexOf(c);
        return next < 0 ? -1 : from + 1 + next;
    }

    /// <summary>Finds a brand's name used as a subdomain of a domain made of two or more lure words only:
    /// <c>paypal.secure-login.net</c>. Brands whose name is also a word, and names shorter than four letters, are left
    /// out: <c>apple.secure-login.net</c> or <c>dhl.online.net</c> may be anyone's.</summary>
    private static (int Brand, string How)? BrandLabelOverLureWords(RuleSet rules, string host, string org, string orgSkeleton)
    {
        // Two lure words at least: mail.com, web.de or id.me are services whose customers' hosts may bear any name.
        if (host.Length <= org.Length || Array.IndexOf(s_lureWords, orgSkeleton) >= 0 || !IsLureWords(orgSkeleton))
        {
            return null;
        }

        foreach (var range in host.AsSpan(0, host.Length - org.Length - 1).Split('.'))
        {
            var subLabel = host[range];
            if (subLabel.Length < 4)
            {
                continue;
            }

            var subSkeleton = Confusables.Skeleton(DomainName.ToUnicode(subLabel));
            foreach (var brand in rules.BrandLabels)
            {
                if (!brand.Ambiguous && brand.Label.Length >= 4 && string.Equals(brand.Skeleton, subSkeleton, StringComparison.Ordinal))
                {
                    return (brand.Brand, $"{subLabel} as a subdomain of a domain of words such as 'secure' or 'login'");
                }
            }
        }

        return null;
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
