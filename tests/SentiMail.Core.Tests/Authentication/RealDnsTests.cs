using System.Diagnostics;
using System.Net;
using SentiMail.Context;
using SentiMail.Reporting;
using SentiMail.Testing;

namespace SentiMail.Tests.Authentication;

/// <summary>End to end through DnsClient to a real DNS server (dnsmasq on loopback) serving the test's zones.</summary>
public sealed class RealDnsTests : IAsyncLifetime
{
    private static readonly IPAddress s_bankServer = IPAddress.Parse("185.70.40.10");
    private readonly SignedMessages _bank = new("bank.test", "mail2026");
    private DnsmasqServer? _dns;

    public async Task InitializeAsync()
    {
        var zone = new DnsZone()
            .Txt(_bank.KeyName, _bank.KeyRecord)
            .Txt("bank.test", "v=spf1 ip4:185.70.40.0/24 -all")
            .Txt("_dmarc.bank.test", "v=DMARC1; p=reject; rua=mailto:dmarc@bank.test")
            .Txt("news.bank.test", "v=spf1 include:bank.test ~all")
            .Txt("loop.test", "v=spf1 include:loop.test -all")
            .Txt("_dmarc.slow-from.test", "v=DMARC1; p=none");
        _dns = await DnsmasqServer.StartAsync(zone, ["bank.test", "evil.test", "loop.test", "slow-from.test"]);
    }

    public async Task DisposeAsync()
    {
        if (_dns is not null)
        {
            await _dns.DisposeAsync();
        }
    }

    [Fact]
    public async Task Analyze_SignedMessageFromAllowedServer_PassesSpfDkimAndDmarc()
    {
        var message = _bank.Sign("alerts@bank.test", "Your statement", "Your November statement is available in your online banking.");

        var report = await Engine().AnalyzeAsync(message, new MessageEnvelope { ClientIp = s_bankServer, MailFrom = "bounces@bank.test", Helo = "mx1.bank.test" });

        AssertHas(report, "spf.pass", "dkim.pass", "dmarc.pass");
        Assert.DoesNotContain(report.Signals, s => s.Id is "spf.skipped" or "dkim.fail" or "dmarc.fail");
    }

    [Fact]
    public async Task Analyze_BodyTamperedAfterSigning_FailsDkimWithBodyHashReason()
    {
        var message = SignedMessages.Tamper(_bank.Sign("alerts@bank.test", "Your statement", "Pay nothing today."), "Pay nothing today.", "Pay 500 EUR today.");

        var report = await Engine().AnalyzeAsync(message, new MessageEnvelope { ClientIp = IPAddress.Parse("45.10.20.30"), MailFrom = "alerts@bank.test" });

        var dkim = Assert.Single(report.Signals, s => s.Id == "dkim.fail");
        Assert.Contains(dkim.Evidence, e => e.Value.Contains("BodyHashMismatch", StringComparison.Ordinal));
        AssertHas(report, "spf.fail", "dmarc.fail");
        Assert.Equal(35, Assert.Single(report.Signals, s => s.Id == "dmarc.fail").Weight);
    }

    [Fact]
    public async Task Analyze_HeaderTamperedAfterSigning_FailsDkimWithSignatureReason()
    {
        var message = SignedMessages.Tamper(_bank.Sign("alerts@bank.test", "Your statement", "Hello."), "Subject: Your statement", "Subject: Urgent: verify your account");

        var report = await Engine().AnalyzeAsync(message, new MessageEnvelope { ClientIp = s_bankServer, MailFrom = "alerts@bank.test" });

        var dkim = Assert.Single(report.Signals, s => s.Id == "dkim.fail");
        Assert.Contains(dkim.Evidence, e => e.Value.Contains("SignatureMismatch", StringComparison.Ordinal));
        AssertHas(report, "spf.pass", "dmarc.pass");
    }

    [Fact]
    public async Task Analyze_SpoofedFrom_FailsDmarcWithRejectPolicy()
    {
        var raw = System.Text.Encoding.ASCII.GetBytes(
            "From: Bank Security <security@bank.test>\r\nTo: customer@example.org\r\nSubject: Account locked\r\n" +
            "Date: Fri, 20 Nov 2026 09:30:00 +0000\r\nMessage-ID: <1@evil.test>\r\n\r\nYour account is locked.\r\n");

        var report = await Engine().AnalyzeAsync(raw, new MessageEnvelope { ClientIp = IPAddress.Parse("45.10.20.30"), MailFrom = "x@evil.test" });

        AssertHas(report, "spf.none", "dkim.none", "dmarc.fail");
        var dmarc = Assert.Single(report.Signals, s => s.Id == "dmarc.fail");
        Assert.Contains(dmarc.Evidence, e => e.Value == "p=reject");
    }

    [Fact]
    public async Task Analyze_ASignatureFromAnUnansweredDomain_DoesNotSpendTheBudgetThatDmarcNeeds()
    {
        // The sender picks the DKIM domain: one whose servers never answer must not turn the spoofed bank's DMARC fail
        // (35 points) into a temperror (0) by using up the message's DNS budget before DMARC is looked up.
        const string Body = "Your account is locked.\r\n";
        var bodyHash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Body)));
        var raw = System.Text.Encoding.ASCII.GetBytes(
            $"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=x.{DnsmasqServer.SlowDomain}; s=sel; h=from:subject; bh={bodyHash}; b=AAAA\r\n" +
            "From: Bank Security <security@bank.test>\r\nTo: customer@example.org\r\nSubject: Account locked\r\n" +
            "Date: Fri, 20 Nov 2026 09:30:00 +0000\r\nMessage-ID: <2@evil.test>\r\n\r\n" + Body);
        var engine = EmailAnalyzer.CreateDefault(o =>
        {
            o.Authentication.Offline = false;
            o.Authentication.Dns.Servers.Add(_dns!.Endpoint);
            o.Authentication.Dns.QueryTimeout = TimeSpan.FromSeconds(5);
            o.Authentication.Dns.Retries = 0;
            o.Authentication.MessageDnsBudget = TimeSpan.FromSeconds(1);
        });

        var report = await engine.AnalyzeAsync(raw, new MessageEnvelope { ClientIp = IPAddress.Parse("45.10.20.30"), MailFrom = "x@evil.test" });

        AssertHas(report, "dkim.temperror", "dmarc.fail");
        Assert.Equal(35, Assert.Single(report.Signals, s => s.Id == "dmarc.fail").Weight);
    }

    [Fact]
    public async Task Analyze_IncludeLoop_EndsInPermErrorQuickly()
    {
        var raw = "From: a@loop.test\r\nTo: b@example.org\r\nSubject: hi\r\nDate: Fri, 20 Nov 2026 09:30:00 +0000\r\nMessage-ID: <1@loop.test>\r\n\r\nhi\r\n"u8.ToArray();

        var report = await Engine().AnalyzeAsync(raw, new MessageEnvelope { ClientIp = s_bankServer, MailFrom = "a@loop.test" });

        AssertHas(report, "spf.permerror");
    }

    [Fact]
    public async Task Analyze_UnansweredAndFailingServers_EndInTempErrorWithinTheBudget()
    {
        var raw = $"From: a@x.{DnsmasqServer.SlowDomain}\r\nTo: b@example.org\r\nSubject: hi\r\nDate: Fri, 20 Nov 2026 09:30:00 +0000\r\nMessage-ID: <1@x>\r\n\r\nhi\r\n";
        var clock = Stopwatch.StartNew();

        var report = await Engine(budget: TimeSpan.FromSeconds(2)).AnalyzeAsync(
            System.Text.Encoding.ASCII.GetBytes(raw),
            new MessageEnvelope { ClientIp = s_bankServer, MailFrom = $"a@x.{DnsmasqServer.FailingDomain}" });

        AssertHas(report, "spf.temperror", "dmarc.temperror");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Authentication took {clock.Elapsed} despite a 2 s budget.");
    }

    [Fact]
    public async Task Analyze_Offline_ReportsChecksAsSkipped()
    {
        var message = _bank.Sign("alerts@bank.test", "Your statement", "Hello.");

        var report = await EmailAnalyzer.CreateDefault().AnalyzeAsync(message);

        AssertHas(report, "spf.skipped", "dkim.skipped", "dmarc.skipped");
        Assert.All(report.Signals.Where(s => s.Id.EndsWith(".skipped", StringComparison.Ordinal)), s => Assert.Equal(0, s.Weight));
    }

    private EmailAnalyzer Engine(TimeSpan? budget = null) => EmailAnalyzer.CreateDefault(o =>
    {
        o.Authentication.Offline = false;
        o.Authentication.Dns.Servers.Add(_dns!.Endpoint);
        o.Authentication.Dns.QueryTimeout = TimeSpan.FromMilliseconds(500);
        o.Authentication.Dns.Retries = 0;
        o.Authentication.MessageDnsBudget = budget ?? TimeSpan.FromSeconds(4);
    });

    private static void AssertHas(AnalysisReport report, params string[] ids)
    {
        foreach (var id in ids)
        {
            Assert.True(report.Signals.Any(s => s.Id == id), $"Expected {id}; got {string.Join(", ", report.Signals.Select(s => s.Id))}.");
        }
    }
}
