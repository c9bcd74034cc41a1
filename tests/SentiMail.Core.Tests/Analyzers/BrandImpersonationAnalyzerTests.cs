using System.Diagnostics;
using System.Globalization;
using SentiMail.Analyzers;
using SentiMail.Signals;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Analyzers;

public class BrandImpersonationAnalyzerTests
{
    private const string Sender = "alice@" + HeaderBlock.SenderDomain;

    public static TheoryData<string> CaseNames => SignalCase.Names(Cases());

    internal static IEnumerable<SignalCase> Cases()
    {
        yield return new SignalCase(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, "brand-name-on-other-domain",
            () => Text(h => h.Set("From", $"PayPal Service <{Sender}>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", $"Alice Martin <{Sender}>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, "brand-name-on-brand-domain",
            () => Text(h => h.Set("From", $"PayPal Service <{Sender}>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", "PayPal Service <service@paypal.com>").Set("Message-ID", "<4711@paypal.com>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, "domain-shared-by-several-brands",
            () => Text(h => h.Set("From", $"DVLA <noreply@{HeaderBlock.SenderDomain}>"), "Your vehicle tax is due."),
            () => Text(h => h.Set("From", "DVLA <noreply@notifications.service.gov.uk>"), "Your vehicle tax is due."));
        yield return new SignalCase(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, "ambiguous-brand-leads-the-name",
            () => Text(h => h.Set("From", $"Shell Energy Billing <{Sender}>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", $"Penguin Shell Weekly <{Sender}>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, "brand-in-a-second-from-header",
            () => Text(h => h.Add("From", $"PayPal Service <service@{HeaderBlock.SenderDomain}>"), "Hello, here is the summary."),
            () => Text(h => h.Add("From", $"Bob Stone <bob@{HeaderBlock.SenderDomain}>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, "brand-behind-a-harmless-first-mailbox",
            () => Text(h => h.Set("From", $"Alice Martin <{Sender}>, PayPal Service <service@{HeaderBlock.SenderDomain}>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", $"Alice Martin <{Sender}>, Bob Stone <bob@{HeaderBlock.SenderDomain}>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, "second-mailbox-checked-against-its-own-domain",
            () => Text(h => h.Set("From", $"Alice Martin <{Sender}>, PayPal Service <service@{HeaderBlock.SenderDomain}>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", $"Alice Martin <{Sender}>, PayPal Service <service@paypal.com>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.SubjectImpersonation.Id, "brand-in-a-second-subject-header",
            () => Text(h => h.Add("Subject", "Your PayPal account has been limited"), "Hello, here is the summary."),
            () => Text(h => h.Add("Subject", "Your club membership"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, "ambiguous-brand-after-service-words",
            () => Text(h => h.Set("From", $"\"Service Client\u00E8le Amazon\" <{Sender}>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", $"\"Rainforest Tours Amazon\" <{Sender}>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, "ambiguous-brand-set-apart-at-the-end",
            () => Text(h => h.Set("From", $"\"Big Deals - Apple\" <{Sender}>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", $"\"Big Apple\" <{Sender}>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, "ambiguous-brand-after-from",
            () => Text(h => h.Set("From", $"\"Jane from Apple\" <{Sender}>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", $"\"Jane Apple\" <{Sender}>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.SubjectImpersonation.Id, "ambiguous-brand-lowercase-with-an-account",
            () => Text(h => h.Set("Subject", "your amazon account is on hold"), "Hello, here is the summary."),
            () => Text(h => h.Set("Subject", "your amazon rainforest trip is on"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.SubjectImpersonation.Id, "brand-in-subject",
            () => Text(h => h.Set("Subject", "Your Netflix membership"), "Hello, here is the summary."),
            () => Text(h => h.Set("Subject", "Your club membership"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.SubjectImpersonation.Id, "ambiguous-brand-written-as-a-name",
            () => Text(h => h.Set("Subject", "Wise: confirm your transfer"), "Hello, here is the summary."),
            () => Text(h => h.Set("Subject", "Broadband ISPs wise up to wireless"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.SubjectImpersonation.Id, "ambiguous-brand-in-capitals",
            () => Text(h => h.Set("Subject", "YOUR APPLE ID IS LOCKED"), "Hello, here is the summary."),
            () => Text(h => h.Set("Subject", "your apple pie recipe"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.SubjectImpersonation.Id, "ambiguous-brand-as-a-whole-word",
            () => Text(h => h.Set("Subject", "Steam: new login"), "Hello, here is the summary."),
            () => Text(h => h.Set("Subject", "Steampunk fair: new dates"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.BodyImpersonation.Id, "brand-in-text-links-elsewhere",
            () => Text(_ => { }, $"Your PayPal account has been suspended. Verify your account within 24 hours: https://{HeaderBlock.SenderDomain}/statement/4711"),
            () => Text(_ => { }, $"Your account has been suspended. Verify your account within 24 hours: https://{HeaderBlock.SenderDomain}/statement/4711"));
        yield return new SignalCase(BrandImpersonationAnalyzer.BodyImpersonation.Id, "brand-in-text-link-to-brand",
            () => Text(_ => { }, $"Your PayPal account has been suspended. Verify your account within 24 hours: https://{HeaderBlock.SenderDomain}/statement/4711"),
            () => Text(_ => { }, "Your PayPal account has been suspended. Verify your account within 24 hours: https://www.paypal.com/statement/4711"));
        yield return new SignalCase(BrandImpersonationAnalyzer.BodyImpersonation.Id, "brand-in-passing-needs-phishing-context",
            () => Text(_ => { }, $"Your PayPal account has been suspended. Verify your account within 24 hours: https://{HeaderBlock.SenderDomain}/statement/4711"),
            () => Text(_ => { }, $"This week's news: PayPal and two banks announced new fees. Read more: https://{HeaderBlock.SenderDomain}/news/4711"));
        yield return new SignalCase(BrandImpersonationAnalyzer.LinkTextImpersonation.Id, "anchor-text-names-brand",
            () => Html(_ => { }, $"<p>Please <a href=\"https://{HeaderBlock.SenderDomain}/login\">log in to PayPal</a> today.</p>"),
            () => Html(_ => { }, $"<p>Please <a href=\"https://{HeaderBlock.SenderDomain}/login\">log in to the portal</a> today.</p>"));
        yield return new SignalCase(BrandImpersonationAnalyzer.LinkTextImpersonation.Id, "anchor-text-shows-brand-address",
            () => Html(_ => { }, $"<p>Read it on <a href=\"https://{HeaderBlock.SenderDomain}/s/4711\">http://groups.yahoo.com/group/news/files/a.gif</a></p>"),
            () => Html(_ => { }, "<p>Read it on <a href=\"http://www.yahoo.cs.example.edu/u/news/\">http://www.yahoo.cs.example.edu/u/news/</a></p>"));
        yield return new SignalCase(BrandImpersonationAnalyzer.LinkTextImpersonation.Id, "brand-address-or-headline",
            () => Html(_ => { }, $"<p>Today: <a href=\"https://{HeaderBlock.SenderDomain}/c/4711\">Visit PayPal.com</a></p>"),
            () => Html(_ => { }, $"<p>Today: <a href=\"https://{HeaderBlock.SenderDomain}/c/4711\">PayPal.com fees rise for small sellers</a></p>"));
        yield return new SignalCase(BrandImpersonationAnalyzer.LinkTextImpersonation.Id, "brand-beside-another-address",
            () => Html(_ => { }, $"<p>Today: <a href=\"https://{HeaderBlock.SenderDomain}/c/4711\">PayPal.com</a></p>"),
            () => Html(_ => { }, $"<p>Today: <a href=\"https://{HeaderBlock.SenderDomain}/c/4711\">PayPal, Stamps.com seal deal</a></p>"));
        yield return new SignalCase(BrandImpersonationAnalyzer.LookalikeSenderDomain.Id, "brand-plus-words",
            () => Text(h => h.Set("From", "Alice Martin <alice@paypal-secure-login.com>"), "Hello, here is the summary."),
            () => Text(_ => { }, "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.LookalikeSenderDomain.Id, "homoglyph",
            () => Text(h => h.Set("From", $"Alice Martin <alice@{Idn("p\u0430ypal.com")}>"), "Hello, here is the summary."),
            () => Text(_ => { }, "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.LookalikeSenderDomain.Id, "one-letter-typo",
            () => Text(h => h.Set("From", "Alice Martin <alice@paypall.com>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", "Alice Martin <alice@paypal.com>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.LookalikeSenderDomain.Id, "reply-to",
            () => Text(h => h.Add("Reply-To", "desk@netflix-billing-help.com"), "Hello, here is the summary."),
            () => Text(h => h.Add("Reply-To", "desk@billing-help.com"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.LookalikeSenderDomain.Id, "brand-domain-before-a-hyphen",
            () => Text(h => h.Set("From", "Alice Martin <alice@paypal.com-secure.info>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", "Alice Martin <alice@paypal.com>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.LookalikeSenderDomain.Id, "brand-label-over-lure-words",
            () => Text(h => h.Set("From", "Alice Martin <alice@paypal.secure-login.net>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", "Alice Martin <alice@mail.secure-login.net>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.LookalikeSenderDomain.Id, "look-alike-name-plus-words",
            () => Text(h => h.Set("From", "Alice Martin <alice@paypa1-resolution.com>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", "Alice Martin <alice@harbour-resolution.com>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.LookalikeSenderDomain.Id, "word-brand-plus-lure-words",
            () => Text(h => h.Set("From", "Alice Martin <alice@apple-id-support.com>"), "Hello, here is the summary."),
            () => Text(h => h.Set("From", "Alice Martin <alice@apple-orchard.com>"), "Hello, here is the summary."));
        yield return new SignalCase(BrandImpersonationAnalyzer.LookalikeLinkDomain.Id, "brand-domain-as-subdomain",
            () => Text(_ => { }, "Details: https://paypal.com.secure-check.ru/login"),
            () => Text(_ => { }, "Details: https://secure-check.ru/login"));
        yield return new SignalCase(BrandImpersonationAnalyzer.LookalikeLinkDomain.Id, "brand-plus-words",
            () => Html(_ => { }, "<p><a href=\"https://impots-gouv-remboursement.com/dossier\">Votre dossier</a></p>"),
            () => Html(_ => { }, "<p><a href=\"https://www.impots.gouv.fr/dossier\">Votre dossier</a></p>"));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task AnalyzeAsync_CraftedMessageAndBenignTwin_SignalFiresOnlyOnCraftedMessage(string name) => SignalCase.AssertAsync(Cases(), name);

    [Theory]
    [InlineData("DVLA")]
    [InlineData("NHS")]
    [InlineData("HMRC")]
    [InlineData("GOV.UK")]
    public async Task AnalyzeAsync_GenuineGovUkNotifyMail_IsNotImpersonation(string agency)
    {
        // GOV.UK Notify sends for several agencies from one domain, which brands.json lists under each of them.
        var headers = HeaderBlock.Standard()
            .Set("From", $"{agency} <noreply@notifications.service.gov.uk>")
            .Set("Subject", $"{agency}: your reminder")
            .Set("Message-ID", "<4711@notifications.service.gov.uk>");

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Build(headers, $"Your {agency} reminder: https://www.gov.uk/vehicle-tax"));

        Assert.DoesNotContain(report.Signals, s => s.Category == SentiMail.Signals.SignalCategory.Impersonation);
        Assert.Equal(SentiMail.Scoring.Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task AnalyzeAsync_BrandInSecondFromHeaderAndSubject_EvidenceNamesTheHeaders()
    {
        var message = Text(h => h.Add("From", $"PayPal Service <service@{HeaderBlock.SenderDomain}>").Add("Subject", "Your PayPal account has been limited"), "Hello, here is the summary.");

        var report = await TestEngines.Create().AnalyzeAsync(message);

        var name = Assert.Single(report.Signals, s => s.Id == BrandImpersonationAnalyzer.DisplayNameImpersonation.Id);
        var nameEvidence = Assert.Single(name.Evidence);
        Assert.Equal("header:From[1]", nameEvidence.Location);
        Assert.Equal($"\"PayPal Service\" <service@{HeaderBlock.SenderDomain}>", nameEvidence.Value);
        var subject = Assert.Single(report.Signals, s => s.Id == BrandImpersonationAnalyzer.SubjectImpersonation.Id);
        var subjectEvidence = Assert.Single(subject.Evidence);
        Assert.Equal("header:Subject[1]", subjectEvidence.Location);
        Assert.Equal("Your PayPal account has been limited", subjectEvidence.Value);
    }

    [Fact]
    public async Task AnalyzeAsync_AmbiguousBrandInBodyOnly_IsNotAClaim()
    {
        // "Orange" and "Apple" are everyday words: only the display name or subject can claim those brands.
        var message = Text(_ => { }, $"I bought an orange and an apple at the market: https://{HeaderBlock.SenderDomain}/market");

        var report = await TestEngines.Create().AnalyzeAsync(message);

        Assert.DoesNotContain(report.Signals, s => s.Id == BrandImpersonationAnalyzer.BodyImpersonation.Id);
    }

    [Theory]
    [InlineData("Zed", false)]
    [InlineData("Apple Support", true)]
    public async Task AnalyzeAsync_DisplayNameRepeatingAnAmbiguousBrand_IsCheckedInLinearTime(string lead, bool claims)
    {
        // 256 KiB of "apple": each match used to split all the words before it again (42.8 s); the words are now walked
        // once. Only a name led by the brand (after service words) claims it.
        var name = lead + string.Concat(Enumerable.Repeat(" apple", 256 * 1024 / 6));
        var context = TestEngines.Context(Text(h => h.Set("From", $"\"{name}\" <support@evil.example>"), "Hello, here is the summary."));
        Assert.Equal(name, context.Senders.FromDisplayName);
        var signals = new SignalCollector();
        var clock = Stopwatch.StartNew();

        await new BrandImpersonationAnalyzer().AnalyzeAsync(context, signals, CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(claims, signals.Contains(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id));
    }

    [Theory]
    [InlineData("paypal-secure-login.com", "the brand's name plus other words")]
    [InlineData("paypal.com.secure-check.ru", "paypal.com used as a subdomain")]
    [InlineData("paypall.com", "a one-letter typo")]
    [InlineData("paypalsecure.com", "the brand's name joined to words such as 'secure' or 'login'")]
    [InlineData("secure-paypalaccount.net", "the brand's name joined to words such as 'secure' or 'login'")]
    public void Lookalike_ImitatingHost_SaysHow(string host, string how)
    {
        var context = TestEngines.Context(TestMessages.Text("Hello."));

        var match = BrandImpersonationAnalyzer.Lookalike(context, context.Rules, host);

        Assert.NotNull(match);
        Assert.Equal("PayPal", context.Rules.Brands[match.Value.Brand].Name);
        Assert.Equal(how, match.Value.How);
    }

    [Theory]
    [InlineData("paypal.com-secure.info", "PayPal", "paypal.com followed by a hyphen and other words")]
    [InlineData("mail.paypal.co.uk-account.ru", "PayPal", "paypal.co.uk followed by a hyphen and other words")]
    [InlineData("paypal.secure-login.net", "PayPal", "paypal as a subdomain of a domain of words such as 'secure' or 'login'")]
    [InlineData("paypa1-resolution.com", "PayPal", "the brand's name plus other words")]
    [InlineData("micr0soft-teams.com", "Microsoft", "the brand's name plus other words")]
    [InlineData("amazon-account-verify.com", "Amazon", "the brand's name joined to words such as 'secure' or 'login'")]
    [InlineData("apple-id-support.com", "Apple", "the brand's name joined to words such as 'secure' or 'login'")]
    [InlineData("chase-secure-login.com", "Chase", "the brand's name joined to words such as 'secure' or 'login'")]
    [InlineData("amazonsecurity.com", "Amazon", "the brand's name joined to words such as 'secure' or 'login'")]
    [InlineData("amaz0n-orders.com", "Amazon", "the brand's name joined to words such as 'secure' or 'login'")]
    public void Lookalike_ImitatingHost_NamesTheBrandAndHow(string host, string brand, string how)
    {
        var context = TestEngines.Context(TestMessages.Text("Hello."));

        var match = BrandImpersonationAnalyzer.Lookalike(context, context.Rules, host);

        Assert.NotNull(match);
        Assert.Equal(brand, context.Rules.Brands[match.Value.Brand].Name);
        Assert.Equal(how, match.Value.How);
    }

    [Theory]
    [InlineData("paypal-communication.com")]
    [InlineData("www.paypal-communication.com")]
    [InlineData("sncf-connect.com")]
    [InlineData("orange-business.com")]
    [InlineData("news.t.co-op.org")]
    [InlineData("apple-orchard.com")]
    [InlineData("applecrumble.co.uk")]
    [InlineData("mailshell.com")]
    [InlineData("rd.mailshell.com")]
    [InlineData("shellmail.net")]
    [InlineData("canadaonline.ca")]
    [InlineData("zoominfo.com")]
    [InlineData("paypal.mail.com")]
    [InlineData("apple.secure-login.net")]
    [InlineData("secure-login.net")]
    [InlineData("paypal.com")]
    [InlineData("www.paypal.com")]
    [InlineData("185.12.34.56")]
    [InlineData("harbourline-design.com")]
    [InlineData("paypal.xyz")]
    [InlineData("yahoogroups.com")]
    [InlineData("revolution-os.com")]
    [InlineData("mnginteractive.com")]
    [InlineData("shagmail.com")]
    public void Lookalike_GenuineOrUnrelatedHost_IsNull(string host)
    {
        var context = TestEngines.Context(TestMessages.Text("Hello."));

        Assert.Null(BrandImpersonationAnalyzer.Lookalike(context, context.Rules, host));
    }

    internal static string Idn(string unicodeDomain) => new IdnMapping().GetAscii(unicodeDomain);

    private static byte[] Text(Action<HeaderBlock> edit, string body)
    {
        var headers = HeaderBlock.Standard();
        edit(headers);
        return TestMessages.Build(headers, body);
    }

    private static byte[] Html(Action<HeaderBlock> edit, string body)
    {
        var headers = HeaderBlock.Standard();
        edit(headers);
        return TestMessages.Build(headers, htmlBody: body);
    }
}
