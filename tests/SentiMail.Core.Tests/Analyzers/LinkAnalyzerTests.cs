using SentiMail.Analyzers;
using SentiMail.Context;
using SentiMail.Html;
using SentiMail.Signals;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Analyzers;

public class LinkAnalyzerTests
{
    public static TheoryData<string> CaseNames => SignalCase.Names(Cases());

    internal static IEnumerable<SignalCase> Cases()
    {
        yield return Html(LinkAnalyzer.TextHrefMismatch, "url-text-other-target",
            "<p><a href=\"http://harbour-login.net/verify\">https://www.northwind-traders.com/signin</a></p>",
            "<p><a href=\"https://www.northwind-traders.com/signin\">https://www.northwind-traders.com/signin</a></p>");
        yield return Html(LinkAnalyzer.TextHrefMismatch, "bare-domain-text",
            "<p>Track it at <a href=\"https://parcel-status.example.net/t/1\">www.northwind-traders.com</a></p>",
            "<p>Track it at <a href=\"https://parcel-status.example.net/t/1\">our tracking page</a></p>");
        // Links written as browsers read them, not as a strict URL parser does: each went unchecked before.
        foreach (var (name, hostile, benign) in BrowserReadLinks())
        {
            yield return Html(LinkAnalyzer.TextHrefMismatch, name, hostile, benign);
        }

        yield return Text(LinkAnalyzer.IpLiteral, "dotted-ipv4",
            "Download it from http://185.234.72.19/files/report",
            "Download it from http://files.northwind-traders.com/files/report");
        yield return Html(LinkAnalyzer.IpLiteral, "hex-ipv4",
            "<p><a href=\"http://0xB9EA4813/files/report\">the report</a></p>",
            "<p><a href=\"http://files.northwind-traders.com/files/report\">the report</a></p>");
        yield return Text(LinkAnalyzer.UserInfo, "trusted-name-before-at",
            "Sign in at https://www.northwind-traders.com@login.example.net/session",
            "Sign in at https://login.example.net/session");
        yield return Text(LinkAnalyzer.Shortener, "bitly",
            "The slides: https://bit.ly/3Kp9xQa",
            $"The slides: https://{HeaderBlock.SenderDomain}/3Kp9xQa");
        yield return Html(LinkAnalyzer.DangerousScheme, "javascript",
            "<p><a href=\"javascript:document.location='https://x.example'\">Open the document</a></p>",
            $"<p><a href=\"https://{HeaderBlock.SenderDomain}/document\">Open the document</a></p>");
        yield return Html(LinkAnalyzer.DangerousScheme, "javascript-with-tab",
            "<p><a href=\"java&#9;script:alert(1)\">Open the document</a></p>",
            $"<p><a href=\"https://{HeaderBlock.SenderDomain}/document\">Open the document</a></p>");
        yield return Html(LinkAnalyzer.DangerousScheme, "data-document",
            "<p><a href=\"data:text/html;base64,PGgxPkhpPC9oMT4=\">Open the document</a></p>",
            "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"logo\"></p>");
        yield return Html(LinkAnalyzer.CredentialForm, "password-field",
            "<form action=\"https://login.example.net/auth.php\" method=\"post\"><input type=\"email\" name=\"login\"><input type=\"password\" name=\"passwd\"><input type=\"submit\"></form>",
            "<form action=\"https://login.example.net/auth.php\" method=\"post\"><input type=\"email\" name=\"login\"><input type=\"text\" name=\"nickname\"><input type=\"submit\"></form>");
        yield return Html(LinkAnalyzer.Form, "posts-to-web",
            "<form action=\"https://survey.example.net/submit\" method=\"post\"><input type=\"text\" name=\"name\"><input type=\"submit\"></form>",
            "<p>Answer the survey by replying to this message.</p>");
        yield return Html(LinkAnalyzer.Form, "not-a-site-search-box",
            "<form action=\"https://shop.example.net/checkout\" method=\"get\"><input type=\"text\" name=\"card\"><input type=\"submit\"></form>",
            "<form action=\"https://news.example.net/search\" method=\"get\"><input type=\"text\" name=\"q\"><input type=\"submit\" value=\"Search\"></form>");
        yield return Html(LinkAnalyzer.Form, "search-box-that-also-asks-an-address",
            "<form action=\"https://shop.example.net/search_gen.php\" method=\"get\"><input type=\"hidden\" name=\"topcat_search\" value=\"1\"><input type=\"text\" name=\"form_keyword\"><input type=\"text\" name=\"email\"><input type=\"submit\" value=\"go\"></form>",
            "<form action=\"https://shop.example.net/search_gen.php\" method=\"get\"><input type=\"hidden\" name=\"topcat_search\" value=\"1\"><input type=\"text\" name=\"form_keyword\"><input type=\"submit\" value=\"go\"></form>");
        yield return Html(LinkAnalyzer.Form, "search-named-field-that-asks-a-user-name",
            "<form action=\"https://portal.example.net/find\" method=\"get\"><input type=\"text\" name=\"search_user\"><input type=\"submit\"></form>",
            "<form action=\"https://portal.example.net/find\" method=\"get\"><input type=\"text\" name=\"search-terms\"><input type=\"submit\"></form>");
        yield return Html(LinkAnalyzer.Form, "unnamed-field-sent-by-post",
            "<form action=\"https://portal.example.net/find\" method=\"post\"><input type=\"text\"><input type=\"submit\"></form>",
            "<form action=\"https://portal.example.net/find\" method=\"get\"><input type=\"text\"><input type=\"submit\"></form>");
        yield return Html(LinkAnalyzer.Form, "search-address-with-a-personal-field",
            "<form action=\"https://search.news.example.net/search/news\" method=\"get\"><input type=\"text\" name=\"email\"><input type=\"submit\"></form>",
            "<form action=\"https://search.news.example.net/search/news\" method=\"get\"><input type=\"hidden\" name=\"c\"><input type=\"text\" name=\"p\"><input type=\"submit\"></form>");
        yield return Html(LinkAnalyzer.Form, "post-form-with-a-field-not-named-for-search",
            "<form action=\"https://shop.example.net/index.asp\" method=\"post\"><input type=\"text\" name=\"search_storename\"><input type=\"text\" name=\"name\"><input type=\"submit\"></form>",
            "<form action=\"https://shop.example.net/index.asp\" method=\"post\"><input type=\"text\" name=\"search_storename\"><input type=\"text\" name=\"search_searchvalue\"><input type=\"hidden\" name=\"search_type\"><input type=\"submit\"></form>");
        yield return Html(LinkAnalyzer.Form, "get-form-to-an-address-that-names-no-search",
            "<form action=\"https://news.example.net/news\" method=\"get\"><input type=\"hidden\" name=\"c\"><input type=\"text\" name=\"p\"><input type=\"submit\"></form>",
            "<form action=\"https://news.example.net/search\" method=\"get\"><input type=\"hidden\" name=\"c\"><input type=\"text\" name=\"p\"><input type=\"submit\"></form>");
        yield return Html(LinkAnalyzer.IpLiteral, "dotted-hex-ipv4",
            "<p><a href=\"http://0xb9.0xea.72.19/files/report\">the report</a></p>",
            "<p><a href=\"http://files.northwind-traders.com/files/report\">the report</a></p>");
        yield return Html(LinkAnalyzer.CredentialForm, "password-field-owned-through-the-form-attribute",
            "<form id=\"f\" action=\"https://login.example.net/auth.php\" method=\"post\"></form><input form=\"f\" name=\"login\"><input form=\"f\" type=\"password\" name=\"pw\"><button form=\"f\">Sign in</button>",
            "<form id=\"f\" action=\"https://login.example.net/auth.php\" method=\"post\"></form><input form=\"f\" name=\"login\"><input form=\"f\" type=\"text\" name=\"nickname\"><button form=\"f\">Sign in</button>");
        yield return Html(LinkAnalyzer.CredentialForm, "text-field-masked-as-a-password",
            "<form action=\"https://login.example.net/auth.php\" method=\"post\"><input name=\"login\"><input type=\"text\" name=\"f2\" style=\"-webkit-text-security: disc\"></form>",
            "<form action=\"https://login.example.net/auth.php\" method=\"post\"><input name=\"login\"><input type=\"text\" name=\"f2\" style=\"-webkit-text-security: none\"></form>");
        yield return Html(LinkAnalyzer.CredentialForm, "text-field-named-for-a-password",
            "<form action=\"https://login.example.net/auth.php\" method=\"post\"><input name=\"login\"><input type=\"text\" name=\"mot_de_passe\"></form>",
            "<form action=\"https://login.example.net/auth.php\" method=\"post\"><input name=\"login\"><input type=\"text\" name=\"mot_de_bienvenue\"></form>");
        yield return Html(LinkAnalyzer.CredentialForm, "password-field-after-twenty-others",
            "<form action=\"https://login.example.net/auth.php\" method=\"post\">" + Fields(20) + "<input type=\"password\" name=\"pw\"></form>",
            "<form action=\"https://login.example.net/auth.php\" method=\"post\">" + Fields(20) + "<input type=\"text\" name=\"nickname\"></form>");
        yield return Html(LinkAnalyzer.AbusedTld, "submit-button-formaction",
            "<form action=\"https://portal.example.net/find\" method=\"post\"><input name=\"p\"><button formaction=\"https://spring-deals.xyz/collect\">Send</button></form>",
            "<form action=\"https://portal.example.net/find\" method=\"post\"><input name=\"p\"><button formaction=\"https://spring-deals.com/collect\">Send</button></form>");
        yield return Text(LinkAnalyzer.IdnHomograph, "latin-with-cyrillic",
            $"Open https://{BrandImpersonationAnalyzerTests.Idn("h\u0430rbourline-design.com")}/notes",
            $"Open https://{BrandImpersonationAnalyzerTests.Idn("\u043f\u0440\u0438\u043c\u0435\u0440.com")}/notes");
        yield return Text(LinkAnalyzer.AbusedTld, "xyz",
            "Offer: https://spring-deals.xyz/offer",
            "Offer: https://spring-deals.com/offer");
        yield return Html(LinkAnalyzer.LinkLimitReached, "more-distinct-anchors-than-the-budget",
            Catalogue(HtmlTextExtractor.MaxAnchorLinks + 1),
            Catalogue(HtmlTextExtractor.MaxAnchorLinks) + Catalogue(HtmlTextExtractor.MaxAnchorLinks));
        // A link written in the text after 1,000 others used to go unchecked without a word.
        yield return Text(LinkAnalyzer.LinkLimitReached, "more-written-urls-than-collected",
            WrittenUrls(1000) + "Log in: https://portal.example.org/last",
            WrittenUrls(999) + "Log in: https://portal.example.org/last");
    }

    private static IEnumerable<(string Name, string Hostile, string Benign)> BrowserReadLinks()
    {
        // HOST is the target's host, TARGET the written href, LINK the anchor that shows a northwind-traders.com address.
        const string Shown = "https://www.northwind-traders.com/signin";
        (string Name, string Href, string Page)[] tricks =
        [
            ("scheme-without-slashes", "https:HOST/signin", "LINK"),
            ("backslashes", "https:\\\\HOST\\signin", "LINK"),
            ("tab-in-scheme", "ht&#9;tps://HOST/signin", "LINK"),
            ("newline-in-host", "https://HOST&#10;/signin", "LINK"),
            ("percent-encoded-host", "https://HOST/signin", "LINK"),
            ("protocol-relative", "//HOST/signin", "LINK"),
            ("base-element", "signin", "<base href=\"https://HOST/\">LINK"),
            ("base-element-after-the-link", "signin", "LINK<base href=\"https://HOST/\">"),
            ("image-map-area", "https://HOST/signin", "<img src=\"cid:map@x\" usemap=\"#m\"><map name=\"m\"><area shape=\"rect\" coords=\"0,0,9,9\" href=\"TARGET\" alt=\"SHOWN\"></map>"),
            ("svg-xlink-href", "https://HOST/signin", "<svg><a xlink:href=\"TARGET\"><text>SHOWN</text></a></svg>"),
        ];
        foreach (var (name, href, page) in tricks)
        {
            yield return ($"browser-reads-{name}", Page("harbour-login.net"), Page("www.northwind-traders.com"));

            string Page(string host)
            {
                var written = name == "percent-encoded-host" ? host.Replace(".", "%2E", StringComparison.Ordinal) : host;
                var target = href.Replace("HOST", written, StringComparison.Ordinal);
                return page
                    .Replace("LINK", $"<a href=\"{target}\">{Shown}</a>", StringComparison.Ordinal)
                    .Replace("TARGET", target, StringComparison.Ordinal)
                    .Replace("SHOWN", Shown, StringComparison.Ordinal)
                    .Replace("HOST", host, StringComparison.Ordinal);
            }
        }
    }

    private static string Fields(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"<input type=\"text\" name=\"f{i}\">"));

    private static string WrittenUrls(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"See https://docs.example.org/page/{i} for item {i}.\n"));

    private static string Catalogue(int items) =>
        string.Concat(Enumerable.Range(0, items).Select(i => $"<a href=\"https://shop.example.com/item/{i}\">Item</a> "));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task AnalyzeAsync_CraftedMessageAndBenignTwin_SignalFiresOnlyOnCraftedMessage(string name) => SignalCase.AssertAsync(Cases(), name);

    [Fact]
    public async Task AnalyzeAsync_TrackingDomainWrapsUrlText_IsNotAMismatch()
    {
        // Newsletters wrap every link in their mailing service's click tracker.
        var message = TestMessages.Html("<p><a href=\"https://example.us5.list-manage.com/track/click?u=1\">https://www.northwind-traders.com/</a></p>");

        var report = await TestEngines.Create().AnalyzeAsync(message);

        Assert.DoesNotContain(report.Signals, s => s.Id == LinkAnalyzer.TextHrefMismatch.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_LinkThroughTheSendersOwnDomain_IsAWeakerMismatch()
    {
        // The sender (harbourline-design.com) counts clicks through its own domain, as newsletters do.
        var message = TestMessages.Html($"<p><a href=\"https://click.{HeaderBlock.SenderDomain}/c?id=17\">northwind-traders.com</a></p>");

        var report = await TestEngines.Create().AnalyzeAsync(message);

        var signal = Assert.Single(report.Signals, s => s.Id == LinkAnalyzer.TextHrefMismatch.Id);
        Assert.Equal(LinkAnalyzer.SenderOwnDomainMismatchWeight, signal.Weight);
        Assert.Contains("the sender's own domain", signal.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_OwnDomainLinkBeforeOneToAnotherOrganisation_KeepsTheFullWeight()
    {
        // A link through the sender's own domain first must not soften a later one that leads elsewhere.
        var message = TestMessages.Html(
            $"<p><a href=\"https://click.{HeaderBlock.SenderDomain}/c?id=17\">northwind-traders.com</a> " +
            "<a href=\"https://account-check.example.net/\">www.northwind-traders.com</a></p>");

        var report = await TestEngines.Create().AnalyzeAsync(message);

        var signal = Assert.Single(report.Signals, s => s.Id == LinkAnalyzer.TextHrefMismatch.Id);
        Assert.Equal(LinkAnalyzer.TextHrefMismatch.DefaultWeight, signal.Weight);
        Assert.DoesNotContain("the sender's own domain", signal.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_BrandDomainShownOverTheSendersOwnDomain_KeepsTheFullWeight()
    {
        // A phisher's own domain as sender and link target does not excuse a link text that shows paypal.com.
        var message = TestMessages.Html($"<p><a href=\"https://secure.{HeaderBlock.SenderDomain}/login\">www.paypal.com</a></p>");

        var report = await TestEngines.Create().AnalyzeAsync(message);

        var signal = Assert.Single(report.Signals, s => s.Id == LinkAnalyzer.TextHrefMismatch.Id);
        Assert.Equal(LinkAnalyzer.TextHrefMismatch.DefaultWeight, signal.Weight);
    }

    [Fact]
    public async Task AnalyzeAsync_CredentialForm_EvidenceListsMethodActionAndFields()
    {
        var message = TestMessages.Html("<form action=\"https://login.example.net/auth.php\" method=\"POST\"><input name=\"user\"><input type=\"password\" name=\"pw\"></form>");

        var report = await TestEngines.Create().AnalyzeAsync(message);

        var signal = Assert.Single(report.Signals, s => s.Id == LinkAnalyzer.CredentialForm.Id);
        Assert.Equal("POST https://login.example.net/auth.php [user, pw]", Assert.Single(signal.Evidence).Value);
        Assert.DoesNotContain(report.Signals, s => s.Id == LinkAnalyzer.Form.Id);
    }

    [Theory]
    [InlineData("https://www.paypal.com/signin", "www.paypal.com")]
    [InlineData("www.laposte.fr/outils", "www.laposte.fr")]
    [InlineData("<paypal.com>", "paypal.com")]
    [InlineData("Click here", null)]
    [InlineData("support@paypal.com", null)]
    [InlineData("ftp://files.example.com", null)]
    [InlineData("1.2.3", null)]
    public void ShownDomain_LinkText_ReturnsDisplayedDomain(string text, string? expected)
    {
        Assert.Equal(expected, LinkAnalyzer.ShownDomain(text));
    }

    [Fact]
    public void CheckForm_FormWithoutWebAction_RaisesNothing()
    {
        var signals = new SignalCollector();

        LinkAnalyzer.CheckForm(signals, new HtmlForm { Action = "mailto:x@example.net", Fields = ["name"] });

        Assert.Equal(0, signals.Count);
    }

    private static SignalCase Html(SignalDefinition signal, string scenario, string positive, string benign) =>
        new(signal.Id, scenario, () => TestMessages.Html(positive), () => TestMessages.Html(benign));

    private static SignalCase Text(SignalDefinition signal, string scenario, string positive, string benign) =>
        new(signal.Id, scenario, () => TestMessages.Text(positive), () => TestMessages.Text(benign));
}
