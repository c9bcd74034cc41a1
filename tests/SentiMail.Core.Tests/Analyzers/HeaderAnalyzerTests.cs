using System.Net;
using SentiMail.Analyzers;
using SentiMail.Context;
using SentiMail.Signals;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Analyzers;

public class HeaderAnalyzerTests
{
    private const string Body = "Hi Bob, the notes from Monday are below. See you on Thursday.";

    public static TheoryData<string> CaseNames => SignalCase.Names(Cases());

    internal static IEnumerable<SignalCase> Cases()
    {
        yield return Case(HeaderAnalyzer.ReplyToMismatch, "other-organisation",
            h => h.Add("Reply-To", "accounts@northwind-payments.net"),
            h => h.Add("Reply-To", $"alice@mail.{HeaderBlock.SenderDomain}"));
        yield return Case(HeaderAnalyzer.ReplyToMismatch, "list-header-alone-exempts-nothing",
            h => h.Add("List-Post", "NO").Add("Reply-To", "accounts@northwind-payments.net"),
            h => h.Add("List-Post", "<mailto:news@lists.northwind-payments.net>").Add("Reply-To", "news@northwind-payments.net"));
        yield return Case(HeaderAnalyzer.ReplyToMismatch, "outside-the-list-id",
            h => h.Add("List-Id", "Harbourline news <news.harbourline-lists.org>").Add("Reply-To", "accounts@northwind-payments.net"),
            h => h.Add("List-Id", "Harbourline news <news.harbourline-lists.org>").Add("Reply-To", "news@harbourline-lists.org"));
        yield return Case(HeaderAnalyzer.ReplyToMismatch, "eleventh-address",
            h => h.Add("Reply-To", string.Join(", ", Enumerable.Range(0, 10).Select(i => $"a{i}@{HeaderBlock.SenderDomain}").Append("accounts@northwind-payments.net"))),
            h => h.Add("Reply-To", string.Join(", ", Enumerable.Range(0, 11).Select(i => $"a{i}@{HeaderBlock.SenderDomain}"))));
        yield return Case(HeaderAnalyzer.ReturnPathMismatch, "header",
            h => h.Set("Return-Path", "<bounce-4711@mailer-northwind.net>"),
            h => h.Set("Return-Path", $"<bounce-4711@bounces.{HeaderBlock.SenderDomain}>"));
        yield return new SignalCase(HeaderAnalyzer.ReturnPathMismatch.Id, "envelope-mail-from", () => Message(_ => { }), () => Message(_ => { }))
        {
            PositiveEnvelope = new MessageEnvelope { MailFrom = "bounce@mailer-northwind.net" },
            BenignEnvelope = new MessageEnvelope { MailFrom = $"bounce@{HeaderBlock.SenderDomain}" },
        };
        yield return Case(HeaderAnalyzer.DisplayNameAddress, "address-in-name",
            h => h.Set("From", $"\"billing@northwind-traders.com\" <alice@{HeaderBlock.SenderDomain}>"),
            h => h.Set("From", $"\"alice@{HeaderBlock.SenderDomain}\" <alice@{HeaderBlock.SenderDomain}>"));
        yield return Case(HeaderAnalyzer.DisplayNameAddress, "domain-in-name",
            h => h.Set("From", $"\"paypal.com Billing\" <alice@{HeaderBlock.SenderDomain}>"),
            h => h.Set("From", $"\"{HeaderBlock.SenderDomain} Billing\" <alice@{HeaderBlock.SenderDomain}>"));
        yield return Case(HeaderAnalyzer.DisplayNameAddress, "non-brand-domain-in-name-is-not-spoofing",
            h => h.Set("From", $"\"paypal.com Billing\" <alice@{HeaderBlock.SenderDomain}>"),
            h => h.Set("From", $"\"CNET News.com\" <alice@{HeaderBlock.SenderDomain}>"));
        yield return Case(HeaderAnalyzer.DisplayNameAddress, "address-in-a-second-from-header",
            h => h.Add("From", $"\"billing@paypal.com\" <billing@{HeaderBlock.SenderDomain}>"),
            h => h.Add("From", $"\"billing@{HeaderBlock.SenderDomain}\" <billing@{HeaderBlock.SenderDomain}>"));
        yield return Case(HeaderAnalyzer.DisplayNameAddress, "address-behind-a-harmless-first-mailbox",
            h => h.Set("From", $"Alice Martin <alice@{HeaderBlock.SenderDomain}>, \"billing@paypal.com\" <billing@{HeaderBlock.SenderDomain}>"),
            h => h.Set("From", $"Alice Martin <alice@{HeaderBlock.SenderDomain}>, Bob Stone <bob@{HeaderBlock.SenderDomain}>"));
        foreach (var (scenario, dot) in new[] { ("one-dot-leader", "\u2024"), ("full-width-full-stop", "\uFF0E"), ("ideographic-full-stop", "\u3002"), ("invisible-separator", "\u2063.") })
        {
            yield return Case(HeaderAnalyzer.DisplayNameAddress, $"address-with-{scenario}",
                h => h.Set("From", $"\"service@paypal{dot}com\" <alice@{HeaderBlock.SenderDomain}>"),
                h => h.Set("From", $"\"alice@harbourline-design{dot}com\" <alice@{HeaderBlock.SenderDomain}>"));
        }

        yield return Case(HeaderAnalyzer.DisplayNameAddress, "address-with-full-width-at-and-cyrillic-letter",
            h => h.Set("From", $"\"service\uFF20p\u0430ypal.com\" <alice@{HeaderBlock.SenderDomain}>"),
            h => h.Set("From", $"\"alice\uFF20harbourline-design.com\" <alice@{HeaderBlock.SenderDomain}>"));
        yield return Case(HeaderAnalyzer.DisplayNameAddress, "domain-with-one-dot-leader",
            h => h.Set("From", $"\"paypal\u2024com Billing\" <alice@{HeaderBlock.SenderDomain}>"),
            h => h.Set("From", $"\"CNET News\u2024com\" <alice@{HeaderBlock.SenderDomain}>"));
        yield return Case(HeaderAnalyzer.DisplayNameAddress, "domain-with-cyrillic-letter",
            h => h.Set("From", $"\"p\u0430ypal.com Billing\" <alice@{HeaderBlock.SenderDomain}>"),
            h => h.Set("From", $"\"\u0410\u043B\u0438\u0441\u0430 news.com\" <alice@{HeaderBlock.SenderDomain}>"));
        yield return Case(HeaderAnalyzer.FromMissing, "no-from-header",
            h => h.Remove("From"),
            _ => { });
        yield return Case(HeaderAnalyzer.FromMissing, "no-address",
            h => h.Set("From", "undisclosed sender"),
            _ => { });
        yield return Case(HeaderAnalyzer.FromMultiple, "two-authors",
            h => h.Set("From", $"Alice Martin <alice@{HeaderBlock.SenderDomain}>, Eve Stone <eve@{HeaderBlock.SenderDomain}>"),
            _ => { });
        yield return Case(HeaderAnalyzer.DateMissing, "no-date",
            h => h.Remove("Date"),
            _ => { });
        yield return Case(HeaderAnalyzer.DateMalformed, "garbage",
            h => h.Set("Date", "32 Foo 2026 99:99"),
            _ => { });
        yield return Case(HeaderAnalyzer.DateMalformed, "before-1990",
            h => h.Set("Date", "Mon, 01 Jan 1979 10:00:00 +0000"),
            h => h.Set("Date", "Mon, 01 Jan 1990 10:00:00 +0000"));
        yield return Case(HeaderAnalyzer.DateInFuture, "after-received",
            h => h.Set("Date", "Thu, 05 Nov 2026 09:14:00 +0000"),
            h => h.Set("Date", "Mon, 02 Nov 2026 20:00:00 +0000"));
        yield return Case(HeaderAnalyzer.DateInFuture, "after-now-without-received",
            h => h.Remove("Received").Set("Date", "Fri, 06 Nov 2026 09:00:00 +0000"),
            h => h.Remove("Received").Set("Date", "Mon, 02 Nov 2026 23:00:00 +0000"));
        yield return Case(HeaderAnalyzer.MessageIdMissing, "no-message-id",
            h => h.Remove("Message-ID"),
            _ => { });
        yield return Case(HeaderAnalyzer.MessageIdMalformed, "no-brackets",
            h => h.Set("Message-ID", $"20261102.4711@{HeaderBlock.SenderDomain}"),
            _ => { });
        yield return Case(HeaderAnalyzer.MessageIdMalformed, "no-at-sign",
            h => h.Set("Message-ID", "<20261102.4711>"),
            _ => { });
        yield return Case(HeaderAnalyzer.MessageIdMalformed, "space-inside",
            h => h.Set("Message-ID", $"<2026 1102@{HeaderBlock.SenderDomain}>"),
            _ => { });
        yield return Case(HeaderAnalyzer.ClientIpReserved, "received-documentation-range",
            h => h.Set("Received", Received("203.0.113.5")),
            h => h.Set("Received", Received("185.12.34.56")));
        yield return new SignalCase(HeaderAnalyzer.ClientIpReserved.Id, "envelope-multicast", () => Message(_ => { }), () => Message(_ => { }))
        {
            PositiveEnvelope = new MessageEnvelope { ClientIp = IPAddress.Parse("224.0.0.251") },
            BenignEnvelope = new MessageEnvelope { ClientIp = IPAddress.Parse("185.12.34.56") },
        };
        yield return Case(HeaderAnalyzer.ClientIpPrivate, "untrusted-private-relay",
            h => h.Set("Received", Received("10.20.30.40")),
            h => h.Set("Received", Received("185.12.34.56"))) with
        {
            Configure = o => o.TrustPrivateNetworks = false,
        };
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task AnalyzeAsync_CraftedMessageAndBenignTwin_SignalFiresOnlyOnCraftedMessage(string name) => SignalCase.AssertAsync(Cases(), name);

    [Fact]
    public async Task AnalyzeAsync_StandardMessage_RaisesNoHeaderSignal()
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(_ => { }));

        Assert.DoesNotContain(report.Signals, s => new HeaderAnalyzer().Signals.Any(d => d.Id == s.Id));
    }

    [Fact]
    public async Task AnalyzeAsync_ReservedClientIp_EvidenceNamesTheReceivedHeader()
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(h => h.Set("Received", Received("198.51.100.7"))));

        var signal = Assert.Single(report.Signals, s => s.Id == HeaderAnalyzer.ClientIpReserved.Id);
        var evidence = Assert.Single(signal.Evidence);
        Assert.Equal("header:Received[0]", evidence.Location);
        Assert.Equal("198.51.100.7", evidence.Value);
    }

    [Fact]
    public async Task AnalyzeAsync_PrivateClientIpWithDefaultTrust_IsTrustedRelay()
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(h => h.Set("Received", Received("192.168.1.20"))));

        Assert.DoesNotContain(report.Signals, s => s.Id == HeaderAnalyzer.ClientIpPrivate.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_ReplyToMismatch_DescriptionNamesBothOrganisations()
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(h => h.Add("Reply-To", "desk@support.northwind-payments.net")));

        var signal = Assert.Single(report.Signals, s => s.Id == HeaderAnalyzer.ReplyToMismatch.Id);
        Assert.Contains("northwind-payments.net", signal.Description, StringComparison.Ordinal);
        Assert.Contains(HeaderBlock.SenderDomain, signal.Description, StringComparison.Ordinal);
        Assert.Equal(HeaderAnalyzer.ReplyToMismatch.DefaultWeight, signal.Weight);
    }

    [Fact]
    public async Task AnalyzeAsync_MoreReplyToAddressesThanChecked_SaysSo()
    {
        var addresses = string.Join(", ", Enumerable.Range(0, 150).Select(i => $"a{i}@{HeaderBlock.SenderDomain}"));

        var report = await TestEngines.Create().AnalyzeAsync(Message(h => h.Add("Reply-To", addresses)));

        var signal = Assert.Single(report.Signals, s => s.Id == HeaderAnalyzer.ReplyToMismatch.Id);
        Assert.Contains("150 addresses", signal.Description, StringComparison.Ordinal);
        Assert.Contains(signal.Evidence, e => e.Location == "header:Reply-To" && e.Value == "50 more addresses not checked");
    }

    [Fact]
    public async Task AnalyzeAsync_ReplyToTheListAddressOfAMailingList_IsNotAMismatch()
    {
        // A list that sets Reply-To to itself: its posting address, at another organisation than the author's.
        var report = await TestEngines.Create().AnalyzeAsync(Message(h => h
            .Add("List-Id", "Harbourline news <news.lists.harbourline-lists.org>")
            .Add("List-Post", "<mailto:news@lists.harbourline-lists.org>")
            .Add("Reply-To", "news@lists.harbourline-lists.org")));

        Assert.DoesNotContain(report.Signals, s => s.Id == HeaderAnalyzer.ReplyToMismatch.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_AddressInSecondFromHeader_EvidenceNamesTheHeader()
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(h => h.Add("From", $"\"billing@paypal.com\" <billing@{HeaderBlock.SenderDomain}>")));

        var signal = Assert.Single(report.Signals, s => s.Id == HeaderAnalyzer.DisplayNameAddress.Id);
        var evidence = Assert.Single(signal.Evidence);
        Assert.Equal("header:From[1]", evidence.Location);
        Assert.Equal($"\"billing@paypal.com\" <billing@{HeaderBlock.SenderDomain}>", evidence.Value);
    }

    [Fact]
    public async Task AnalyzeAsync_AddressWithLookAlikeDot_DescriptionShowsTheAddressRead()
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(h => h.Set("From", $"\"service@paypal\u3002com\" <alice@{HeaderBlock.SenderDomain}>")));

        var signal = Assert.Single(report.Signals, s => s.Id == HeaderAnalyzer.DisplayNameAddress.Id);
        Assert.Contains("service@paypal.com (written with look-alike or invisible characters)", signal.Description, StringComparison.Ordinal);
        Assert.Equal("header:From", Assert.Single(signal.Evidence).Location);
    }

    internal static string Received(string ip) =>
        $"from relay.example.net (relay.example.net [{ip}]) by mx.example.org (Postfix) with ESMTPS id 4R2xTq; {HeaderBlock.ReceivedDate}";

    private static byte[] Message(Action<HeaderBlock> edit)
    {
        var headers = HeaderBlock.Standard();
        edit(headers);
        return TestMessages.Build(headers, Body);
    }

    private static SignalCase Case(SignalDefinition signal, string scenario, Action<HeaderBlock> positive, Action<HeaderBlock> benign) =>
        new(signal.Id, scenario, () => Message(positive), () => Message(benign));
}
