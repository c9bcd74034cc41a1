using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentiMail.Authentication;
using SentiMail.Context;
using SentiMail.Dns;
using SentiMail.Rules;
using SentiMail.Testing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Authentication;

public sealed class AuthenticationAnalyzerTests
{
    private const string TrustedId = "mx.sentimail.test";
    private static readonly IPAddress s_allowed = IPAddress.Parse("185.70.40.10");
    private static readonly IPAddress s_other = IPAddress.Parse("45.10.20.30");
    private static readonly Lazy<SignedMessages> s_bank = new(() => new SignedMessages("bank.test", "sel"));
    private static readonly Lazy<SignedMessages> s_slowKey = new(() => new SignedMessages("tempfail.test", "sel"));

    public static TheoryData<string> CaseNames => SignalCase.Names(Cases());

    internal static IEnumerable<SignalCase> Cases()
    {
        // SPF, one result each, with the benign twin coming from an allowed server.
        yield return Spf(AuthenticationSignals.SpfPass, "allowed-server", "bank.test", s_allowed, s_other);
        yield return Spf(AuthenticationSignals.SpfFail, "server-not-allowed", "bank.test", s_other, s_allowed);
        yield return Spf(AuthenticationSignals.SpfSoftFail, "tilde-all", "soft.test", s_other, s_allowed);
        yield return Spf(AuthenticationSignals.SpfNeutral, "question-all", "neutral.test", s_other, s_allowed);
        yield return Case(AuthenticationSignals.SpfNone, "no-record", Plain("bank.test"), Plain("bank.test"), Env(s_allowed, "a@nospf.test"), Env(s_allowed, "a@bank.test"));
        yield return Case(AuthenticationSignals.SpfPermError, "bad-mechanism", Plain("bank.test"), Plain("bank.test"), Env(s_allowed, "a@broken.test"), Env(s_allowed, "a@bank.test"));
        yield return Case(AuthenticationSignals.SpfTempError, "dns-timeout", Plain("bank.test"), Plain("bank.test"), Env(s_allowed, "a@tempfail.test"), Env(s_allowed, "a@bank.test"));

        // DKIM.
        yield return Case(AuthenticationSignals.DkimPass, "valid-signature", Signed, () => Plain("bank.test"), Env(s_other, "a@bank.test"), Env(s_other, "a@bank.test"));
        yield return Case(AuthenticationSignals.DkimFail, "body-changed", Tampered, Signed, Env(s_allowed, "a@bank.test"), Env(s_allowed, "a@bank.test"));
        yield return Case(AuthenticationSignals.DkimTempError, "key-lookup-times-out", () => s_slowKey.Value.Sign("a@tempfail.test", "Hello", "Hello."), Signed, Env(s_allowed, "a@bank.test"), Env(s_allowed, "a@bank.test"));
        yield return Case(AuthenticationSignals.DkimNone, "unsigned", () => Plain("bank.test"), Signed, Env(s_allowed, "a@bank.test"), Env(s_allowed, "a@bank.test"));

        // DMARC.
        yield return Case(AuthenticationSignals.DmarcPass, "aligned-dkim", Signed, () => Plain("bank.test"), Env(s_other, "x@evil.test"), Env(s_other, "x@evil.test"));
        yield return Case(AuthenticationSignals.DmarcFail, "spoofed-from", () => Plain("bank.test"), Signed, Env(s_other, "x@evil.test"), Env(s_other, "x@evil.test"));
        yield return Case(AuthenticationSignals.DmarcNone, "no-record", () => Plain("nodmarc.test"), Signed, Env(s_allowed, "a@nodmarc.test"), Env(s_allowed, "a@bank.test"));
        yield return Case(AuthenticationSignals.DmarcTempError, "record-lookup-times-out", () => Plain("tempfail.test"), Signed, Env(s_allowed, "a@bank.test"), Env(s_allowed, "a@bank.test"));

        // ARC, with a real Gmail chain and its published keys.
        yield return new SignalCase(AuthenticationSignals.ArcPass.Id, "intact-gmail-chain", ArcMessage, TamperedArcMessage) { Engine = () => Online(ArcZone()) };
        yield return new SignalCase(AuthenticationSignals.ArcFail.Id, "body-changed-after-sealing", TamperedArcMessage, ArcMessage) { Engine = () => Online(ArcZone()) };

        // Offline: skipped, unless a trusted server reported its results.
        yield return Offline(AuthenticationSignals.SpfSkipped, () => Plain("bank.test"), () => Reported(Plain("bank.test")));
        yield return Offline(AuthenticationSignals.DkimSkipped, () => Plain("bank.test"), () => Reported(Plain("bank.test")));
        yield return Offline(AuthenticationSignals.DmarcSkipped, () => Plain("bank.test"), () => Reported(Plain("bank.test")));
        yield return Offline(AuthenticationSignals.ArcSkipped, ArcMessage, () => Reported(ArcMessage()));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task AnalyzeAsync_CraftedMessageAndBenignTwin_SignalFiresOnlyOnCraftedMessage(string name) => SignalCase.AssertAsync(Cases(), name);

    [Fact]
    public async Task AnalyzeAsync_TrustedAuthenticationResults_ReportWhereTheResultCameFrom()
    {
        var engine = TestEngines.Create(o => o.Authentication.TrustedAuthServIds.Add(TrustedId));
        var message = Encoding.ASCII.GetBytes($"Authentication-Results: {TrustedId}; spf=fail smtp.mailfrom=bank.test; dkim=none; dmarc=fail (p=reject) header.from=bank.test\r\n" + Encoding.ASCII.GetString(Plain("bank.test")));

        var report = await engine.AnalyzeAsync(message);

        var dmarc = Assert.Single(report.Signals, s => s.Id == "dmarc.fail");
        Assert.Equal(35, dmarc.Weight);
        Assert.Contains(dmarc.Evidence, e => e.Location == $"header:Authentication-Results ({TrustedId})");
        Assert.Contains(report.Signals, s => s.Id == "spf.fail");
    }

    [Fact]
    public async Task AnalyzeAsync_UntrustedAuthenticationResults_AreIgnored()
    {
        var engine = TestEngines.Create(o => o.Authentication.TrustedAuthServIds.Add(TrustedId));
        var message = Encoding.ASCII.GetBytes("Authentication-Results: mx.attacker.test; spf=pass; dkim=pass; dmarc=pass\r\n" + Encoding.ASCII.GetString(Plain("bank.test")));

        var report = await engine.AnalyzeAsync(message);

        Assert.DoesNotContain(report.Signals, s => s.Id is "spf.pass" or "dkim.pass" or "dmarc.pass");
        Assert.Contains(report.Signals, s => s.Id == "dmarc.skipped");
    }

    [Theory]
    [InlineData("From: Friend <a@evil.test>\r\nFrom: Bank <alerts@bank.test>\r\n")]
    [InlineData("From: Bank <alerts@bank.test>\r\nFrom: Friend <a@evil.test>\r\n")]
    [InlineData("From: Friend <a@evil.test>, Bank <alerts@bank.test>\r\n")]
    public async Task AnalyzeAsync_SpoofedDomainBesideTheSendersOwn_DmarcFailsForIt(string from)
    {
        // A client may show either From: the attacker's own domain, which has no record, must not hide the bank's.
        var message = Encoding.ASCII.GetBytes(from + "To: customer@example.org\r\nSubject: Your statement\r\nMessage-ID: <1@evil.test>\r\n\r\nYour statement is ready.\r\n");

        var report = await Online(Zone()).AnalyzeAsync(message, Env(s_other, "a@evil.test"));

        var dmarc = Assert.Single(report.Signals, s => s.Id == "dmarc.fail");
        Assert.Equal(35, dmarc.Weight);
        Assert.Contains("bank.test (the worst of the 2 From domains)", dmarc.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Signals, s => s.Id is "dmarc.none" or "dmarc.pass");
    }

    [Fact]
    public async Task AnalyzeAsync_SeveralFromMailboxesOfOneAuthenticatedDomain_DmarcPasses()
    {
        var signed = s_bank.Value.Sign("alerts@bank.test, desk@news.bank.test", "Your statement", "Your statement is ready.");

        var report = await Online(Zone()).AnalyzeAsync(signed, Env(s_other, "a@evil.test"));

        var pass = Assert.Single(report.Signals, s => s.Id == "dmarc.pass");
        Assert.Contains("each of the 2 From domains, bank.test first", pass.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Signals, s => s.Id == "dmarc.fail");
    }

    [Theory]
    [InlineData(6)]
    [InlineData(AuthenticationAnalyzer.MaxDmarcDomains - 1)]
    public async Task AnalyzeAsync_SpoofedDomainAfterFillerDomains_StillFails(int fillers)
    {
        var mailboxes = string.Join(", ", Enumerable.Range(0, fillers).Select(i => $"a{i}@d{i}.test"));
        var message = Encoding.ASCII.GetBytes($"From: {mailboxes}, Bank <alerts@bank.test>\r\nTo: customer@example.org\r\nSubject: Hi\r\n\r\nHello.\r\n");

        var report = await Online(Zone()).AnalyzeAsync(message, Env(s_other, "a@evil.test"));

        var fail = Assert.Single(report.Signals, s => s.Id == "dmarc.fail");
        Assert.Equal(35, fail.Weight);
        Assert.Contains("bank.test", fail.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnalyzeAsync_MoreFromDomainsThanChecked_FailsAsAWhole(bool spoofedBankFirst)
    {
        var fillers = Enumerable.Range(0, 40).Select(i => $"a{i}@d{i}.test").ToList();
        fillers.Insert(spoofedBankFirst ? 0 : fillers.Count, "alerts@bank.test");
        var message = Encoding.ASCII.GetBytes($"From: {string.Join(", ", fillers)}\r\nTo: customer@example.org\r\nSubject: Hi\r\n\r\nHello.\r\n");

        var report = await Online(Zone()).AnalyzeAsync(message, Env(s_other, "a@evil.test"));

        var fail = Assert.Single(report.Signals, s => s.Id == "dmarc.fail");
        Assert.Equal(spoofedBankFirst ? 35 : AuthenticationAnalyzer.TooManyDomainsWeight, fail.Weight);
        Assert.Contains("more than 20 domains", fail.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Signals, s => s.Id is "dmarc.none" or "dmarc.pass");
    }

    [Fact]
    public async Task AnalyzeAsync_CallerCancels_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Online(Zone()).AnalyzeAsync(Signed(), Env(s_allowed, "a@bank.test"), cts.Token));
    }

    private static SignalCase Spf(SentiMail.Signals.SignalDefinition signal, string scenario, string domain, IPAddress positive, IPAddress benign) =>
        Case(signal, scenario, Plain(domain), Plain(domain), Env(positive, "a@" + domain), Env(benign, "a@" + domain));

    private static SignalCase Case(SentiMail.Signals.SignalDefinition signal, string scenario, byte[] positive, byte[] benign, MessageEnvelope positiveEnvelope, MessageEnvelope benignEnvelope) =>
        Case(signal, scenario, () => positive, () => benign, positiveEnvelope, benignEnvelope);

    private static SignalCase Case(SentiMail.Signals.SignalDefinition signal, string scenario, Func<byte[]> positive, Func<byte[]> benign, MessageEnvelope positiveEnvelope, MessageEnvelope benignEnvelope) =>
        new(signal.Id, scenario, positive, benign) { Engine = () => Online(Zone()), PositiveEnvelope = positiveEnvelope, BenignEnvelope = benignEnvelope };

    private static SignalCase Offline(SentiMail.Signals.SignalDefinition signal, Func<byte[]> positive, Func<byte[]> benign) =>
        new(signal.Id, "offline", positive, benign) { Configure = o => o.Authentication.TrustedAuthServIds.Add(TrustedId) };

    private static MessageEnvelope Env(IPAddress ip, string mailFrom) => new() { ClientIp = ip, MailFrom = mailFrom, Helo = "mail.example.net" };

    private static byte[] Signed() => s_bank.Value.Sign("alerts@bank.test", "Your statement", "Your statement is ready.");

    private static byte[] Tampered() => SignedMessages.Tamper(Signed(), "is ready", "is overdue");

    private static byte[] Plain(string fromDomain) => Encoding.ASCII.GetBytes(
        $"From: Alerts <alerts@{fromDomain}>\r\nTo: customer@example.org\r\nSubject: Your statement\r\nDate: Mon, 02 Nov 2026 09:00:00 +0000\r\nMessage-ID: <1@{fromDomain}>\r\n\r\nYour statement is ready.\r\n");

    private static byte[] Reported(byte[] message) => Encoding.ASCII.GetBytes(
        $"Authentication-Results: {TrustedId}; spf=pass smtp.mailfrom=bank.test; dkim=pass header.d=bank.test; dmarc=pass header.from=bank.test; arc=pass\r\n" + Encoding.Latin1.GetString(message));

    private static InMemoryDnsResolver Zone() => new InMemoryDnsResolver()
        .AddTxt("bank.test", "v=spf1 ip4:185.70.40.0/24 -all")
        .AddTxt("_dmarc.bank.test", "v=DMARC1; p=reject")
        .AddTxt(s_bank.Value.KeyName, s_bank.Value.KeyRecord)
        .AddTxt("soft.test", "v=spf1 ip4:185.70.40.0/24 ~all")
        .AddTxt("neutral.test", "v=spf1 ip4:185.70.40.0/24 ?all")
        .AddTxt("nospf.test", "site-verification=1234")
        .AddTxt("broken.test", "v=spf1 ip4:999.1.1.1 -all")
        .AddTxt("nodmarc.test", "v=spf1 ip4:185.70.40.0/24 -all")
        .Fail("tempfail.test", DnsStatus.Timeout)
        .Fail("_dmarc.tempfail.test", DnsStatus.Timeout)
        .Fail("sel._domainkey.tempfail.test", DnsStatus.Timeout);

    private static EmailAnalyzer Online(IDnsResolver resolver)
    {
        var options = new SentiMailOptions();
        options.Authentication.Offline = false;
        return new EmailAnalyzer(
            [new AuthenticationAnalyzer(resolver, options.Authentication, new FakeTimeProvider(TestEngines.Now))],
            Options.Create(options),
            RuleSet.BuiltIn,
            new FakeTimeProvider(TestEngines.Now));
    }

    private static (InMemoryDnsResolver Zone, byte[] Message) ReadArcFile()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.TestData, "arc-stalwart", "001.txt")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var zone = new InMemoryDnsResolver();
        foreach (var line in text[..split].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            zone.AddTxt(line[..space], line[(space + 1)..]);
        }

        return (zone, Encoding.Latin1.GetBytes(text[(split + 2)..].Replace("\n", "\r\n", StringComparison.Ordinal)));
    }

    private static InMemoryDnsResolver ArcZone() => ReadArcFile().Zone;

    private static byte[] ArcMessage() => ReadArcFile().Message;

    private static byte[] TamperedArcMessage()
    {
        var text = Encoding.Latin1.GetString(ArcMessage());
        var body = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        return Encoding.Latin1.GetBytes(text[..body] + "Added after sealing.\r\n" + text[body..]);
    }
}
