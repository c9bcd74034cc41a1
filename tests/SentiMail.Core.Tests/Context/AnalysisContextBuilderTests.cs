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
