using System.Net;
using System.Security.Cryptography;
using SentiMail.Attachments;
using SentiMail.Context;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Context;

public class AnalysisContextBuilderTests
{
    [Fact]
    public void Build_ChainWithTrustedRelays_ClientIsFirstUntrustedHop()
    {
        var context = TestEngines.Context(Chain("127.0.0.1", "10.1.2.3", "185.12.34.56", "93.184.216.34"));

        Assert.Equal(IPAddress.Parse("185.12.34.56"), context.ClientIp);
        Assert.Equal(2, context.ClientHop?.Index);
        Assert.Equal(4, context.ReceivedChain.Count);
    }

    [Fact]
    public void Build_PrivateNetworksNotTrusted_ClientIsThePrivateHop()
    {
        var context = TestEngines.Context(Chain("127.0.0.1", "10.1.2.3", "185.12.34.56"), o => o.TrustPrivateNetworks = false);

        Assert.Equal(IPAddress.Parse("10.1.2.3"), context.ClientIp);
        Assert.Equal(1, context.ClientHop?.Index);
    }

    [Theory]
    [InlineData("185.12.0.0/16")]
    [InlineData("185.12.34.56")]
    public void Build_TrustedNetwork_IsSkipped(string network)
    {
        var context = TestEngines.Context(Chain("10.1.2.3", "185.12.34.56", "93.184.216.34"), o => o.TrustedNetworks.Add(network));

        Assert.Equal(IPAddress.Parse("93.184.216.34"), context.ClientIp);
    }

    [Fact]
    public void Build_TrustedIPv6Network_IsSkipped()
    {
        var context = TestEngines.Context(Chain("IPv6:2001:db8:1::25", "IPv6:2a00:1450:4864::1"), o => o.TrustedNetworks.Add("2001:db8::/32"));

        Assert.Equal(IPAddress.Parse("2a00:1450:4864::1"), context.ClientIp);
    }

    [Fact]
    public void Build_OnlyTrustedHops_HasNoClientIp()
    {
        var context = TestEngines.Context(Chain("127.0.0.1", "192.168.1.1"));

        Assert.Null(context.ClientIp);
        Assert.Null(context.ClientHop);
    }

    [Fact]
    public void Build_EnvelopeClientIp_OverridesReceivedHeaders()
    {
        var envelope = new MessageEnvelope { ClientIp = IPAddress.Parse("::ffff:198.51.100.9"), MailFrom = "bounce@example.net", Helo = "mail.example.net" };

        var context = TestEngines.Context(Chain("185.12.34.56"), envelope: envelope);

        Assert.Equal(IPAddress.Parse("198.51.100.9"), context.ClientIp);
        Assert.Null(context.ClientHop);
        Assert.Equal("bounce@example.net", context.Senders.ReturnPath);
        Assert.Equal("example.net", context.Senders.ReturnPathDomain);
        Assert.Same(envelope, context.Envelope);
    }

    [Fact]
    public void Build_Senders_AreReadAndNormalised()
    {
        var headers = HeaderBlock.Standard()
            .Set("From", $"{TestMessages.EncodeWord("Élodie Durand")} <Elodie@Bücher.Example>")
            .Add("Reply-To", "a@example.net, b@example.org")
            .Add("Sender", "robot@example.com")
            .Add("Return-Path", "<bounce@Mailer.Example.NET>");

        var senders = TestEngines.Context(TestMessages.Build(headers, "Hello.")).Senders;

        Assert.Equal("Élodie Durand", senders.FromDisplayName);
        Assert.Equal("xn--bcher-kva.example", senders.FromDomain);
        Assert.Equal(1, senders.FromCount);
        Assert.Equal(["a@example.net", "b@example.org"], senders.ReplyToAddresses);
        Assert.Equal("robot@example.com", senders.SenderAddress);
        Assert.Equal("bounce@Mailer.Example.NET", senders.ReturnPath);
        Assert.Equal("mailer.example.net", senders.ReturnPathDomain);
    }

    [Fact]
    public void Build_Attachment_IsDecodedHashedAndTyped()
    {
        var content = TestFiles.WindowsExecutable();

        var context = TestEngines.Context(TestMessages.WithAttachment(new("Invoice.PDF", "Application/PDF", content)));

        var attachment = Assert.Single(context.Attachments);
        Assert.Equal("Invoice.PDF", attachment.FileName);
        Assert.Equal("application/pdf", attachment.DeclaredContentType);
        Assert.False(attachment.IsInline);
        Assert.Equal(content.Length, attachment.Size);
        Assert.Equal(content, attachment.Content.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), attachment.Sha256);
#pragma warning disable CA5350, CA5351 // The engine reports SHA-1 and MD5 for reputation feeds; the test checks them.
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(content)), attachment.Sha1);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), attachment.Md5);
#pragma warning restore CA5350, CA5351
        Assert.Equal(FileKind.WindowsExecutable, attachment.TrueKind);
        Assert.Equal("attachment:Invoice.PDF", attachment.Location);
    }

    [Fact]
    public void Build_TextAndHtmlBodies_VisibleTextComesFromHtml()
    {
        var context = TestEngines.Context(TestMessages.Build(HeaderBlock.Standard(), "Plain version https://example.com/plain", "<p>HTML <b>version</b></p><div hidden>secret</div>"));

        Assert.Contains("Plain version", context.TextBody, StringComparison.Ordinal);
        Assert.Contains("<b>version</b>", context.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("HTML version", context.VisibleText);
        Assert.Equal("secret", context.Html.HiddenText);
        Assert.Contains(context.Links, l => l.Url == "https://example.com/plain" && l.Source == LinkSource.Text && l.Location == "body:text");
        Assert.Contains(" html version ", context.FoldedText, StringComparison.Ordinal);
        Assert.StartsWith(" notes from monday s meeting ", context.FoldedText, StringComparison.Ordinal);
        Assert.Equal(" notes from monday s meeting ", context.FoldedSubject);
    }

    [Fact]
    public void Build_TextOnly_VisibleTextIsTheTextBody()
    {
        var context = TestEngines.Context(TestMessages.Text("Just text, see www.example.org/page."));

        Assert.Equal(context.TextBody, context.VisibleText);
        var link = Assert.Single(context.Links);
        Assert.Equal("www.example.org/page", link.Url);
        Assert.Equal("www.example.org", link.Host);
        Assert.Equal("http", link.Scheme);
    }

    private const string Lure = "Urgent action required: verify your account within 24 hours. Confirm your password.";

    [Fact]
    public async Task Build_MixedHtmlAndTextParts_BothAreShown()
    {
        var raw = Multipart("mixed", Part("text/html", "<p>Hello</p>"), Part("text/plain", Lure));

        var context = TestEngines.Context(raw);
        var report = await TestEngines.Create().AnalyzeAsync(raw);
        var plainOnly = await TestEngines.Create().AnalyzeAsync(TestMessages.Text(Lure));

        Assert.Equal($"Hello\n{Lure}", context.VisibleText.TrimEnd());
        Assert.Contains(report.Signals, s => s.Id == "content.phishing-lure");
        Assert.Equal(plainOnly.Score, report.Score);
    }

    [Fact]
    public void Build_AlternativeInsideMixed_OnlyThePlainAlternativeIsNotShown()
    {
        var raw = Multipart(
            "mixed",
            NestedMultipart("alternative", "inner", Part("text/plain", "Plain twin of the letter."), Part("text/html", "<p>The letter.</p>")),
            Part("text/plain", "Footer of the list."));

        var context = TestEngines.Context(raw);

        Assert.Equal("The letter.\nFooter of the list.", context.VisibleText.TrimEnd());
        Assert.Contains("Plain twin of the letter.", context.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_APlainAlternativeAfterTheHtml_IsReadAsShown()
    {
        // Clients that follow RFC 2046 show the last alternative: a lure placed there must not hide behind a benign page.
        var raw = Multipart("alternative", Part("text/html", "<p>Hello</p>"), Part("text/plain", Lure));

        var context = TestEngines.Context(raw);
        var report = await TestEngines.Create().AnalyzeAsync(raw);

        Assert.Equal($"Hello\n{Lure}", context.VisibleText.TrimEnd());
        Assert.Contains(report.Signals, s => s.Id == "content.phishing-lure");
    }

    [Fact]
    public void Build_AlternativeWithRelatedHtml_PlainIsNotShown()
    {
        var raw = Multipart(
            "alternative",
            Part("text/plain", "Plain twin of the letter."),
            NestedMultipart("related", "inner", Part("text/html", "<p>The letter.</p>"), Part("image/gif", "R0lGODlhAQABAAAAACw=")));

        Assert.Equal("The letter.", TestEngines.Context(raw).VisibleText);
    }

    [Fact]
    public void Build_TwoHtmlParts_AnElementLeftOpenInOneDoesNotHideTheOther()
    {
        var raw = Multipart("mixed", Part("text/html", "<p>Hello</p><div style=\"display:none\">"), Part("text/html", $"<p>{Lure}</p>"));

        var context = TestEngines.Context(raw);

        Assert.Equal($"Hello\n{Lure}", context.VisibleText);
        Assert.Empty(context.Html.HiddenText);
    }

    [Fact]
    public void Build_FlowedDeleteSpace_JoinsWordsAndUrlsAsClientsShowThem()
    {
        var text = "Ver \nify your account at https://account.pay \npal.com-signin.example/login today.\n> quoted \n> line\n-- \nThe team\n";
        var raw = Single("text/plain; charset=utf-8; format=flowed; delsp=yes", text);

        var context = TestEngines.Context(raw);

        Assert.Contains("Verify your account at https://account.paypal.com-signin.example/login today.", context.VisibleText, StringComparison.Ordinal);
        Assert.Contains("> quotedline", context.VisibleText, StringComparison.Ordinal);
        Assert.Contains("--\nThe team", context.VisibleText, StringComparison.Ordinal);
        var link = Assert.Single(context.Links);
        Assert.Equal("account.paypal.com-signin.example", link.Host);
    }

    [Fact]
    public void Build_FlowedWithoutDeleteSpace_KeepsTheSpace()
    {
        var text = "Please verify \nyour account.\n> quoted \n> line\n>> deeper\nplain\n";
        var raw = Single("text/plain; charset=utf-8; format=flowed", text);

        var context = TestEngines.Context(raw);

        Assert.Contains("Please verify your account.", context.VisibleText, StringComparison.Ordinal);
        Assert.Contains("> quoted line", context.VisibleText, StringComparison.Ordinal);
        Assert.Contains(">> deeper", context.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FixedText_KeepsItsLineBreaks()
    {
        var raw = Single("text/plain; charset=utf-8", "Ver \nify\n");

        var visible = TestEngines.Context(raw).VisibleText;

        Assert.DoesNotContain("Verify", visible, StringComparison.Ordinal);
        Assert.Matches("Ver \r?\nify", visible);
    }

    private static string Part(string type, string body) =>
        type.StartsWith("image/", StringComparison.Ordinal)
            ? $"Content-Type: {type}\nContent-Transfer-Encoding: base64\n\n{body}\n"
            : $"Content-Type: {type}; charset=utf-8\n\n{body}\n";

    private static string NestedMultipart(string subtype, string boundary, params string[] parts) =>
        $"Content-Type: multipart/{subtype}; boundary=\"{boundary}\"\n\n" + string.Concat(parts.Select(p => $"--{boundary}\n{p}")) + $"--{boundary}--\n";

    private static byte[] Multipart(string subtype, params string[] parts) =>
        TestMessages.Raw(HeaderBlock.Standard() + "MIME-Version: 1.0\n" + NestedMultipart(subtype, "outer", parts));

    private static byte[] Single(string contentType, string body) =>
        TestMessages.Raw(HeaderBlock.Standard() + $"MIME-Version: 1.0\nContent-Type: {contentType}\n\n{body}");

    [Fact]
    public void GetOrganizationalDomain_Domains_UsePublicSuffixList()
    {
        var context = TestEngines.Context(TestMessages.Text("Hello."));

        Assert.Equal("example.co.uk", context.GetOrganizationalDomain("mail.example.co.uk"));
        Assert.Equal("185.12.34.56", context.GetOrganizationalDomain("185.12.34.56"));
        Assert.Null(context.GetOrganizationalDomain("co.uk"));
        Assert.Null(context.GetOrganizationalDomain(null));
        Assert.Null(context.GetOrganizationalDomain(string.Empty));
    }

    private static byte[] Chain(params string[] ips)
    {
        var headers = HeaderBlock.Standard().Remove("Received");
        var block = new HeaderBlock();
        for (var i = 0; i < ips.Length; i++)
        {
            block.Add("Received", $"from hop{i}.example.net (hop{i}.example.net [{ips[i]}]) by hop{i - 1}.example.org (Postfix) with ESMTP id H{i}; {HeaderBlock.ReceivedDate}");
        }

        return TestMessages.Build(block.AddAll(headers), "Hello.");
    }
}
