using System.Collections.Frozen;
using System.Globalization;
using SentiMail.Context;
using SentiMail.Signals;
using SentiMail.Text;

namespace SentiMail.Analyzers;

/// <summary>Checks links and forms: text that shows another domain than the target, IP-literal hosts, <c>user@host</c>
/// tricks, shorteners, script and data URLs, credential forms and IDN homographs.</summary>
public sealed class LinkAnalyzer : IMessageAnalyzer
{
    /// <summary>The link text shows a domain other than the target's.</summary>
    public static readonly SignalDefinition TextHrefMismatch = new(
        "link.text-href-mismatch", SignalCategory.Links, 25, "A link shows one web address but leads to another organisation's.");

    /// <summary>The weight of <see cref="TextHrefMismatch"/> when the link goes to the sender's own organisational domain
    /// (From) and the text shows no brand's domain: how newsletters count clicks.</summary>
    public const double SenderOwnDomainMismatchWeight = 10;

    /// <summary>A link goes to a bare IP address.</summary>
    public static readonly SignalDefinition IpLiteral = new(
        "link.ip-literal", SignalCategory.Links, 20, "A link goes to a bare IP address instead of a domain name.");

    /// <summary>A URL holds user information before the host (user@host).</summary>
    public static readonly SignalDefinition UserInfo = new(
        "link.userinfo-trick", SignalCategory.Links, 25, "A link hides its real host behind a user name (https://trusted.com@other.host/).");

    /// <summary>A link goes through a URL shortener.</summary>
    public static readonly SignalDefinition Shortener = new(
        "link.shortener", SignalCategory.Links, 8, "A link goes through a URL shortener, which hides its destination.");

    /// <summary>A javascript:, vbscript:, data: or file: URL.</summary>
    public static readonly SignalDefinition DangerousScheme = new(
        "link.dangerous-scheme", SignalCategory.Links, 25, "A link runs script or embeds a document (javascript:, vbscript: or data: URL).");

    /// <summary>A form asks for a password.</summary>
    public static readonly SignalDefinition CredentialForm = new(
        "link.credential-form", SignalCategory.Links, 40, "The message holds a form that asks for a password; genuine services never collect credentials by email.");

    /// <summary>A form posts data to a web address.</summary>
    public static readonly SignalDefinition Form = new(
        "link.form", SignalCategory.Links, 10, "The message holds a form that sends what is typed to a web address.");

    /// <summary>An IDN host mixes scripts (homograph).</summary>
    public static readonly SignalDefinition IdnHomograph = new(
        "link.idn-homograph", SignalCategory.Links, 30, "A link's domain mixes alphabets (such as Latin and Cyrillic) to imitate another name.");

    /// <summary>A link goes to a top-level domain that phishing abuses far more than genuine mail does.</summary>
    public static readonly SignalDefinition AbusedTld = new(
        "link.abused-tld", SignalCategory.Links, 5, "A link goes to a top-level domain that is mostly seen in abuse.");

    /// <summary>The HTML holds more distinct links than the engine checks; the rest went unchecked.</summary>
    public static readonly SignalDefinition LinkLimitReached = new(
        "link.limit-reached", SignalCategory.Links, 10, "The message holds more links than the engine checks (2,000 distinct anchors and form actions, 2,000 images, frames and other resources, 1,000 URLs written in each text); the rest went unchecked, a way to slip a link past the checks.");

    private static readonly IReadOnlyList<SignalDefinition> s_signals =
        [TextHrefMismatch, IpLiteral, UserInfo, Shortener, DangerousScheme, CredentialForm, Form, IdnHomograph, AbusedTld, LinkLimitReached];

    // Click-tracking domains of mailing services: newsletters legitimately wrap every link in them.
    private static readonly FrozenSet<string> s_trackers = FrozenSet.Create(
        StringComparer.Ordinal,
        "list-manage.com", "mcsv.net", "mailchimp.com", "sendgrid.net", "mandrillapp.com", "mailgun.org", "exacttarget.com",
        "rs6.net", "constantcontact.com", "sparkpostmail.com", "createsend.com", "cmail19.com", "cmail20.com", "klclick.com",
        "klclick1.com", "klclick2.com", "klclick3.com", "awstrack.me", "hubspotlinks.com", "hs-sites.com", "mjt.lu",
        "sendinblue.com", "brevo.com", "sib.email", "mailjet.com", "substack.com", "convertkit-mail.com", "ck.page",
        "safelinks.protection.outlook.com", "urldefense.com", "urldefense.proofpoint.com", "mimecast.com", "eloqua.com",
        "marketo.com", "mktoweb.com", "salesforce.com", "pardot.com", "emltrk.com", "links.tedapp.com");

    private static readonly FrozenSet<string> s_abusedTlds = FrozenSet.Create(
        StringComparer.Ordinal,
        "zip", "mov", "top", "xyz", "click", "country", "gq", "tk", "ml", "cf", "ga", "work", "rest", "cam", "icu", "buzz",
        "monster", "sbs", "cfd", "bond", "quest", "support", "cyou", "lol", "live", "shop", "online", "site", "website");

    /// <inheritdoc />
    public string Name => "links";

    /// <inheritdoc />
    public IReadOnlyList<SignalDefinition> Signals => s_signals;

    /// <inheritdoc />
    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        // Mismatches through the sender's own domain count only when no link misleads towards another organisation.
        var ownDomainMismatches = new List<(string Description, SignalEvidence Evidence)>();
        foreach (var link in context.Links)
        {
            CheckLink(context, signals, link, ownDomainMismatches);
        }

        if (ownDomainMismatches.Count > 0 && !signals.Contains(TextHrefMismatch.Id))
        {
            signals.Add(TextHrefMismatch, ownDomainMismatches[0].Description, ownDomainMismatches.Select(m => m.Evidence), SenderOwnDomainMismatchWeight);
        }

        foreach (var form in context.Forms)
        {
            CheckForm(signals, form);
        }

        if (context.Html.OmittedLinks > 0 || context.Html.OmittedResources > 0)
        {
            signals.Add(
                LinkLimitReached,
                "The HTML holds more distinct links than the engine checks; the rest went unchecked.",
                "body:html",
                string.Create(CultureInfo.InvariantCulture, $"{context.Html.OmittedLinks} anchors or form actions and {context.Html.OmittedResources} resources not checked"));
        }
        else if (context.TextLinksOmitted)
        {
            signals.Add(LinkLimitReached, "The text holds more written URLs than the engine checks; the rest went unchecked.", "body", "more than 1,000 URLs written in the text");
        }

        return ValueTask.CompletedTask;
    }

    internal static void CheckForm(SignalCollector signals, HtmlForm form)
    {
        var fields = string.Join(", ", form.Fields);
        if (form.HasPasswordField)
        {
            signals.Add(CredentialForm, $"A form asks for a password and sends it to {(form.Action.Length > 0 ? form.Action : "the page itself")}.", form.Location, $"{form.Method.ToUpperInvariant()} {form.Action} [{fields}]");
        }
        else if (form.Action.StartsWith("http", StringComparison.OrdinalIgnoreCase) && form.Fields.Count > 0 && !IsSearchForm(form))
        {
            signals.Add(Form, $"A form sends {form.Fields.Count} field(s) to {form.Action}.", form.Location, $"{form.Method.ToUpperInvariant()} {form.Action} [{fields}]");
        }
    }

    /// <summary>
    /// Tells whether a form is a site-search box, as newsletters embed: at most four fields, none of them named for
    /// something personal (<c>email</c>, <c>search_user</c>, <c>card</c>), and either each of them named for a search
    /// (<c>q</c>, <c>query</c>, <c>form_keyword</c>, <c>topcat_search</c>: a search word alone or as one of the name's
    /// parts) or left unnamed, or sent with GET to an address whose host or path names a search
    /// (<c>search.news.yahoo.com/search/news?c=&amp;p=</c>). A form named for a search but sent with POST counts too
    /// when every field is named for the search (<c>search_storename</c>, <c>search_searchvalue</c>).
    /// </summary>
    private static bool IsSearchForm(HtmlForm form)
    {
        if (form.Fields.Count > 4 || form.Fields.Any(IsPersonalField))
        {
            return false;
        }

        return form.Method == "get"
            ? form.Fields.All(IsSearchField) || ActionNamesASearch(form.Action)
            : form.Fields.All(f => !s_unnamedFields.Contains(f.ToLowerInvariant()) && IsSearchField(f));
    }

    private static bool ActionNamesASearch(string action) =>
        Uri.TryCreate(action, UriKind.Absolute, out var uri)
        && (uri.Host.Split('.').Any(s_searchActionWords.Contains) || uri.AbsolutePath.ToLowerInvariant().Split('/', '.', '_', '-').Any(s_searchActionWords.Contains));

    private static bool IsPersonalField(string name) => NameParts(name).Any(s_personalWords.Contains);

    private static string[] NameParts(string name) => name.ToLowerInvariant().Split(s_namePartSeparators, StringSplitOptions.RemoveEmptyEntries);

    private static readonly FrozenSet<string> s_searchWords = FrozenSet.Create(
        StringComparer.Ordinal, "q", "query", "search", "s", "keyword", "keywords", "kw", "term", "terms", "recherche", "find");

    private static readonly FrozenSet<string> s_searchActionWords = FrozenSet.Create(StringComparer.Ordinal, "search", "recherche", "query", "find", "suche");

    private static readonly char[] s_namePartSeparators = ['_', '-', '.', '[', ']', ':'];

    private static readonly FrozenSet<string> s_unnamedFields = FrozenSet.Create(StringComparer.Ordinal, "text", "hidden", "search");

    private static readonly FrozenSet<string> s_personalWords = FrozenSet.Create(
        StringComparer.Ordinal,
        "email", "mail", "user", "username", "login", "pass", "passwd", "password", "pwd", "pin", "card", "cc", "cvv", "cvc",
        "ssn", "account", "acct", "phone", "tel", "iban", "dob", "birth", "address", "otp", "code", "token", "secret");

    private static bool IsSearchField(string name) =>
        s_unnamedFields.Contains(name.ToLowerInvariant()) || NameParts(name).Any(s_searchWords.Contains);

    private static void CheckLink(AnalysisContext context, SignalCollector signals, MessageLink link, List<(string Description, SignalEvidence Evidence)> ownDomainMismatches)
    {
        switch (link.Scheme)
        {
            case "javascript" or "vbscript":
                signals.Add(DangerousScheme, $"A link uses the {link.Scheme}: scheme.", link.Location, link.Target);
                return;
            case "data" when link.Source is not LinkSource.HtmlResource || !link.Url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase):
                signals.Add(DangerousScheme, "A link embeds a document in a data: URL.", link.Location, link.Target);
                return;
        }

        if (link.Host is not { Length: > 0 } host)
        {
            return;
        }

        if (DomainName.IsIpLiteral(host))
        {
            signals.Add(IpLiteral, $"A link goes to the IP address {host}.", link.Location, link.Target);
        }

        if (link.Uri is { UserInfo.Length: > 0 } uri && link.Source != LinkSource.HtmlResource)
        {
            signals.Add(UserInfo, $"A link shows '{Uri.UnescapeDataString(uri.UserInfo)}' before its real host {host}.", link.Location, link.Target);
        }

        var org = context.GetOrganizationalDomain(host);
        if (context.Rules.Shorteners.Contains(host) || (org is not null && context.Rules.Shorteners.Contains(org)))
        {
            signals.Add(Shortener, $"A link goes through the shortener {host}.", link.Location, link.Target);
        }

        if (host.Contains("xn--", StringComparison.Ordinal))
        {
            var unicode = DomainName.ToUnicode(host);
            foreach (var label in unicode.Split('.'))
            {
                if (Confusables.IsMixedScript(label))
                {
                    signals.Add(IdnHomograph, $"The domain {unicode} ({host}) mixes alphabets in '{label}'.", link.Location, link.Target);
                    break;
                }
            }
        }

        var tld = host[(host.LastIndexOf('.') + 1)..];
        if (s_abusedTlds.Contains(tld) && link.Source != LinkSource.HtmlResource)
        {
            signals.Add(AbusedTld, $"A link goes to {host}, under .{tld}.", link.Location, link.Target);
        }

        if (link.Text.Length > 0 && link.Source is LinkSource.HtmlAnchor or LinkSource.Attachment)
        {
            CheckTextMismatch(context, signals, link, org, ownDomainMismatches);
        }
    }

    private static void CheckTextMismatch(AnalysisContext context, SignalCollector signals, MessageLink link, string? targetOrg, List<(string Description, SignalEvidence Evidence)> ownDomainMismatches)
    {
        var shown = ShownDomain(link.Text);
        if (shown is null || targetOrg is null || s_trackers.Contains(targetOrg))
        {
            return;
        }

        var shownOrg = context.GetOrganizationalDomain(shown);
        if (shownOrg is null || string.Equals(shownOrg, targetOrg, StringComparison.Ordinal) || !context.Rules.PublicSuffixes.HasKnownTopLevelDomain(shown))
        {
            return;
        }

        // Newsletters count clicks through their own domain ("dilbert.com" shown, the sender's ummail4.unitedmedia.com
        // followed): still a mismatch, but a weaker one, unless the text shows a brand's own domain.
        var senderOrg = context.Senders.FromDomain is { } from ? context.GetOrganizationalDomain(from) : null;
        if (string.Equals(senderOrg, targetOrg, StringComparison.Ordinal) && context.Rules.FindBrandByDomain(shown) < 0)
        {
            ownDomainMismatches.Add(($"A link shows {shown} but goes to {link.Host}, the sender's own domain.", new SignalEvidence(link.Location, $"{link.Text} -> {link.Target}")));
            return;
        }

        signals.Add(TextHrefMismatch, $"A link shows {shown} but goes to {link.Host}.", link.Location, $"{link.Text} -> {link.Target}");
    }

    /// <summary>Returns the domain a link text displays, when the text is (or starts with) a web address.</summary>
    internal static string? ShownDomain(string text)
    {
        var t = text.Trim().Trim('<', '>', '"', '\'', '(', ')', '[', ']');
        if (t.Length < 4 || t.Contains(' ', StringComparison.Ordinal) || t.Contains('@', StringComparison.Ordinal) && !t.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }

        var candidate = t.Contains("://", StringComparison.Ordinal) ? t : "http://" + t;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var host = DomainName.HostOf(uri);
        return host is not null && host.Contains('.', StringComparison.Ordinal) && !host.EndsWith('.') && host.Any(char.IsAsciiLetter) ? host : null;
    }
}
