using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SentiMail.Authentication.Spf;
using SentiMail.Dns;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Authentication.Spf;

public class SpfValidatorTests
{
    private static readonly IPAddress s_client = IPAddress.Parse("192.0.2.10");

    [Fact]
    public void Ctor_NullResolver_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new SpfValidator(null!));
    }

    [Fact]
    public void Ctor_InvalidOptions_ThrowsListingEveryProblem()
    {
        var options = new SpfOptions { MaxDnsLookups = 0, MaxPtrNames = 1000 };

        var ex = Assert.Throws<ArgumentException>(() => new SpfValidator(new InMemoryDnsResolver(), options));

        Assert.Contains("MaxDnsLookups", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPtrNames", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHostAsync_MatchingIp4_PassesWithTheMechanism()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 ip4:192.0.2.0/24 -all");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "alice@example.com", "mail.example.com");

        Assert.Equal(SpfResult.Pass, result.Result);
        Assert.Equal("ip4:192.0.2.0/24", result.Mechanism);
        Assert.Equal("example.com", result.Domain);
        Assert.Equal(SpfIdentity.MailFrom, result.Identity);
        Assert.Null(result.Explanation);
        Assert.Null(result.Reason);
    }

    [Fact]
    public async Task CheckHostAsync_FailWithExp_ReturnsTheExpandedExplanation()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 -all exp=why.%{d}")
            .AddTxt("why.example.com", "%{i} may not send for %{o} as %{l} (see %{r})");
        var validator = new SpfValidator(dns, new SpfOptions { ReceivingDomain = "mx.receiver.example" });

        var result = await validator.CheckHostAsync(s_client, "example.com", "alice@example.com", null);

        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal("-all", result.Mechanism);
        Assert.Equal("192.0.2.10 may not send for example.com as alice (see mx.receiver.example)", result.Explanation);
    }

    [Fact]
    public async Task CheckHostAsync_TimeMacro_ReadsTheInjectedClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 -all exp=why.example.com").AddTxt("why.example.com", "checked at %{t}");

        var result = await new SpfValidator(dns, timeProvider: clock).CheckHostAsync(s_client, "example.com", "alice@example.com", null);

        Assert.Equal("checked at 1700000000", result.Explanation);
    }

    [Fact]
    public async Task CheckHostAsync_TrailingDotDomain_ChecksTheName()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 +all");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com.", "alice@example.com.", null);

        Assert.Equal(SpfResult.Pass, result.Result);
        Assert.Equal("example.com", result.Domain);
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("[192.0.2.10]")]
    [InlineData("a..example.com")]
    [InlineData("exa mple.com")]
    public async Task CheckHostAsync_UnusableDomain_IsNoneWithoutDnsQuery(string domain)
    {
        var dns = new InMemoryDnsResolver();

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, domain, "alice@" + domain, null);

        Assert.Equal(SpfResult.None, result.Result);
        Assert.NotNull(result.Reason);
        Assert.Equal(0, dns.QueryCount);
    }

    [Fact]
    public async Task CheckHostAsync_UnicodeDomain_IsLookedUpAsPunycode()
    {
        var dns = new InMemoryDnsResolver().AddTxt("xn--bcher-kva.example", "v=spf1 +all");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "b\u00fccher.example", "info@b\u00fccher.example", null);

        Assert.Equal(SpfResult.Pass, result.Result);
        Assert.Equal("xn--bcher-kva.example", result.Domain);
    }

    [Fact]
    public async Task CheckHostAsync_LabelOver63Characters_IsNone()
    {
        var result = await new SpfValidator(new InMemoryDnsResolver()).CheckHostAsync(s_client, new string('a', 64) + ".example.com", "x@y.example", null);

        Assert.Equal(SpfResult.None, result.Result);
    }

    [Fact]
    public async Task CheckHostAsync_NoRecordOrNxdomain_IsNone()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "google-site-verification=abc");
        var validator = new SpfValidator(dns);

        Assert.Equal(SpfResult.None, (await validator.CheckHostAsync(s_client, "example.com", "a@example.com", null)).Result);
        Assert.Equal(SpfResult.None, (await validator.CheckHostAsync(s_client, "missing.example", "a@missing.example", null)).Result);
    }

    [Fact]
    public async Task CheckHostAsync_TwoSpfRecords_IsPermError()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 -all").AddTxt("example.com", "V=SPF1 +all");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "a@example.com", null);

        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Contains("more than one SPF record", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHostAsync_IPv4MappedClient_IsEvaluatedAsIPv4()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 ip6:::/0 ip4:192.0.2.10 -all");

        var result = await new SpfValidator(dns).CheckHostAsync(IPAddress.Parse("::ffff:192.0.2.10"), "example.com", "a@example.com", null);

        Assert.Equal(SpfResult.Pass, result.Result);
        Assert.Equal("ip4:192.0.2.10", result.Mechanism);
    }

    [Fact]
    public async Task CheckHostAsync_IncludePass_ReportsTheIncludeDirective()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 include:_spf.provider.example -all")
            .AddTxt("_spf.provider.example", "v=spf1 ip4:192.0.2.0/28 ~all");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "a@example.com", null);

        Assert.Equal(SpfResult.Pass, result.Result);
        Assert.Equal("include:_spf.provider.example", result.Mechanism);
        Assert.Equal(1, result.DnsLookups);
    }

    [Fact]
    public async Task CheckHostAsync_IncludeLoop_EndsInPermErrorAtTheLookupLimit()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("a.example", "v=spf1 include:b.example -all")
            .AddTxt("b.example", "v=spf1 include:a.example -all");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "a.example", "x@a.example", null);

        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Contains("more than 10 DNS lookups", result.Reason, StringComparison.Ordinal);
        Assert.Equal(10, result.DnsLookups);
        Assert.Equal(11, dns.QueryCount);
    }

    [Fact]
    public async Task CheckHostAsync_RedirectToItself_EndsInPermError()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 redirect=example.com");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Equal(10, result.DnsLookups);
    }

    [Fact]
    public async Task CheckHostAsync_TenLookups_AreAllowed()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 " + string.Join(' ', Enumerable.Range(1, 10).Select(i => $"a:h{i}.example.com")) + " -all");
        for (var i = 1; i <= 10; i++)
        {
            dns.AddAddress($"h{i}.example.com", IPAddress.Parse("198.51.100." + i));
        }

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal(10, result.DnsLookups);
    }

    [Fact]
    public async Task CheckHostAsync_ElevenLookups_IsPermErrorBeforeTheEleventhQuery()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 " + string.Join(' ', Enumerable.Range(1, 11).Select(i => $"a:h{i}.example.com")) + " -all");
        for (var i = 1; i <= 11; i++)
        {
            dns.AddAddress($"h{i}.example.com", IPAddress.Parse("198.51.100." + i));
        }

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Equal(10, result.DnsLookups);
        Assert.Equal(11, dns.QueryCount); // the TXT lookup and ten A lookups
    }

    [Fact]
    public async Task CheckHostAsync_LookupLimitOption_IsHonoured()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 a:h1.example.com a:h2.example.com -all")
            .AddAddress("h1.example.com", IPAddress.Parse("198.51.100.1")).AddAddress("h2.example.com", IPAddress.Parse("198.51.100.2"));

        var result = await new SpfValidator(dns, new SpfOptions { MaxDnsLookups = 1 }).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.PermError, result.Result);
    }

    [Fact]
    public async Task CheckHostAsync_TwoVoidLookups_AreAllowed()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 a:nx1.example.com exists:nx2.example.com -all");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal(2, result.VoidLookups);
    }

    [Fact]
    public async Task CheckHostAsync_ThreeVoidLookups_IsPermError()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 a:nx1.example.com mx:nx2.example.com exists:empty.example.com +all")
            .AddEmpty("empty.example.com");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Equal(3, result.VoidLookups);
        Assert.Contains("void", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHostAsync_MxWithElevenHostsNoneMatching_IsPermError()
    {
        var dns = MxZone(11);

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Contains("more than 10 MX hosts", result.Reason, StringComparison.Ordinal);
        Assert.Equal(12, dns.QueryCount); // TXT, MX, and ten address lookups: the eleventh host is never queried
    }

    [Fact]
    public async Task CheckHostAsync_MxWithElevenHostsFirstMatching_PassesBeforeTheLimit()
    {
        // The limit is on address lookups (RFC 7208 §4.6.4): a client matched among the first ten passes.
        var dns = MxZone(11).AddAddress("mx1.example.com", s_client);

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.Pass, result.Result);
    }

    [Fact]
    public async Task CheckHostAsync_MxWithTenHosts_IsWithinTheLimit()
    {
        var result = await new SpfValidator(MxZone(10)).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal(1, result.DnsLookups);
    }

    [Fact]
    public async Task CheckHostAsync_NullMx_MatchesNothing()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 mx ?all").AddMx("example.com", 0, ".");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.Neutral, result.Result);
        Assert.Equal(2, dns.QueryCount); // TXT and MX: a null MX designates no host, so no address lookup
    }

    [Fact]
    public async Task CheckHostAsync_PtrWithManyNames_LooksAtTheFirstTenOnly()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 ptr -all").AddAddress("good.example.com", s_client);
        for (var i = 0; i < 10; i++)
        {
            dns.AddPtr(s_client, $"other{i}.example.net");
        }

        dns.AddPtr(s_client, "good.example.com");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Null(result.Reason);
    }

    [Fact]
    public async Task CheckHostAsync_ValidatedPtr_Passes()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 ptr -all").AddAddress("mail.example.com", s_client).AddPtr(s_client, "mail.example.com");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.Pass, result.Result);
        Assert.Equal("ptr", result.Mechanism);
    }

    [Theory]
    [InlineData("v=spf1 ip4:192.0.2.300 -all")]
    [InlineData("v=spf1 ip4:192.0.2.1/33")]
    [InlineData("v=spf1 ip6:2001:db8::/129")]
    [InlineData("v=spf1 a:example.com:8080")]
    [InlineData("v=spf1 mx/24/64")]
    [InlineData("v=spf1 include")]
    [InlineData("v=spf1 exists:%{x}.example.com")]
    [InlineData("v=spf1 -all redirect=a.example redirect=b.example")]
    [InlineData("v=spf1 exp=a.example exp=b.example -all")]
    [InlineData("v=spf1 +all\tip4:192.0.2.1")]
    [InlineData("v=spf1 +all caf\u00e9")]
    [InlineData("v=spf1 +all unknown")]
    [InlineData("v=spf1 1bad=x +all")]
    [InlineData("v=spf1 +all foo=%z")]
    public async Task CheckHostAsync_MalformedRecord_IsPermErrorEvenAfterAMatch(string record)
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", record);

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Contains("invalid", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHostAsync_HugeInvalidTerm_ReasonQuotesItShortened()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 " + new string('x', 50_000) + " -all");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.InRange(result.Reason!.Length, 1, 200);
        Assert.Contains("...'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHostAsync_ServerFailureOnTheRecord_IsTempError()
    {
        var dns = new InMemoryDnsResolver().Fail("example.com", DnsStatus.ServerFailure);

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.TempError, result.Result);
        Assert.Contains("server failure", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v=spf1 a:broken.example.net -all")]
    [InlineData("v=spf1 mx:broken.example.net -all")]
    [InlineData("v=spf1 exists:broken.example.net -all")]
    [InlineData("v=spf1 include:broken.example.net -all")]
    [InlineData("v=spf1 redirect=broken.example.net")]
    public async Task CheckHostAsync_ServerFailureInATerm_IsTempError(string record)
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", record).Fail("broken.example.net", DnsStatus.ServerFailure);

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.TempError, result.Result);
    }

    [Fact]
    public async Task CheckHostAsync_DnsTimeout_IsTempErrorAtOnce()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 a:slow.example.net -all").Fail("slow.example.net", DnsStatus.Timeout);
        var stopwatch = Stopwatch.StartNew();

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.TempError, result.Result);
        Assert.Contains("timeout", result.Reason, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task CheckHostAsync_ResolverNeverAnswers_IsTempErrorWhenTheBudgetExpires()
    {
        var clock = new FakeTimeProvider();
        var dns = new HangingDnsResolver();
        var validator = new SpfValidator(dns, new SpfOptions { Timeout = TimeSpan.FromSeconds(20) }, clock);

        var check = validator.CheckHostAsync(s_client, "example.com", "x@example.com", null);
        Assert.False(check.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(21));
        var result = await check.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(SpfResult.TempError, result.Result);
        Assert.Contains("longer than 20 seconds", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, dns.Started);
    }

    [Fact]
    public async Task CheckHostAsync_CallerCancels_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        var validator = new SpfValidator(new HangingDnsResolver(), timeProvider: new FakeTimeProvider());

        var check = validator.CheckHostAsync(s_client, "example.com", "x@example.com", null, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check);
    }

    [Fact]
    public async Task CheckHostAsync_VeryLongRecord_IsEvaluated()
    {
        // A 60 KB record (far beyond the 450 bytes RFC 7208 §3.4 advises) with 4,000 ip4 terms; the match is last.
        var record = new StringBuilder("v=spf1");
        for (var i = 0; i < 4000; i++)
        {
            record.Append(" ip4:198.51.").Append(i / 250).Append('.').Append(i % 250);
        }

        record.Append(" ip4:192.0.2.10 -all");
        var dns = new InMemoryDnsResolver().AddTxt("example.com", record.ToString());

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.Pass, result.Result);
        Assert.True(record.Length > 60_000);
    }

    [Fact]
    public async Task CheckHostAsync_ManyLargeTxtRecords_SelectsTheSpfOne()
    {
        var dns = new InMemoryDnsResolver();
        for (var i = 0; i < 2000; i++)
        {
            dns.AddTxt("example.com", new string((char)('a' + (i % 26)), 4000));
        }

        dns.AddTxt("example.com", "v=spf1 -all");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal(SpfResult.Fail, result.Result);
    }

    [Fact]
    public async Task CheckHostAsync_MacroExplosionInDomain_StaysBounded()
    {
        // 5,000 macros of a 1,000-character local part would expand to 5 MB; the expansion only keeps what can survive
        // the left truncation to 253 characters (RFC 7208 §7.3), which drops the whole over-long label here.
        var record = "v=spf1 exists:" + string.Concat(Enumerable.Repeat("%{l}", 5000)) + ".example.com -all";
        var sender = new string('x', 1000) + "@example.com";
        var dns = new InMemoryDnsResolver().AddTxt("example.com", record);
        var stopwatch = Stopwatch.StartNew();

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", sender, null);

        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal(2, dns.QueryCount); // the record, then "example.com", all that is left after truncation
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task CheckHostAsync_MacroExplosionInExplanation_IsCut()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 -all exp=why.example.com")
            .AddTxt("why.example.com", string.Concat(Enumerable.Repeat("%{S}", 5000)));

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", new string('y', 900) + "@example.com", null);

        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal(1024, result.Explanation!.Length);
    }

    [Fact]
    public async Task CheckHostAsync_OversizedSender_IsNone()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 -all");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", new string('z', 5000) + "@example.com", null);

        Assert.Equal(SpfResult.None, result.Result);
        Assert.Equal(0, dns.QueryCount);
    }

    [Fact]
    public async Task CheckHostAsync_ExpansionOver253Characters_DropsLabelsOnTheLeft()
    {
        // 10 x "%{d}." where d is 29 characters: 300 characters, truncated to the last 8 copies plus "example.com".
        var domain = "somewhat.long.exp.example.com";
        var target = string.Join('.', Enumerable.Repeat(domain, 8));
        var dns = new InMemoryDnsResolver()
            .AddTxt(domain, "v=spf1 exists:" + string.Concat(Enumerable.Repeat("%{d}.", 10)) + "example.com -all")
            .AddAddress(target + ".example.com", IPAddress.Parse("127.0.0.2"));

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, domain, "x@" + domain, null);

        Assert.Equal(SpfResult.Pass, result.Result);
    }

    [Fact]
    public async Task CheckAsync_NullReversePath_ChecksPostmasterAtHelo()
    {
        var dns = new InMemoryDnsResolver().AddTxt("mail.example.com", "v=spf1 -all exp=why.example.com").AddTxt("why.example.com", "%{s}");

        var result = await new SpfValidator(dns).CheckAsync(s_client, "<>", "mail.example.com");

        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal(SpfIdentity.MailFrom, result.Identity);
        Assert.Equal("postmaster@mail.example.com", result.Explanation);
    }

    [Fact]
    public async Task CheckAsync_NoIdentityAtAll_IsNone()
    {
        var result = await new SpfValidator(new InMemoryDnsResolver()).CheckAsync(s_client, null, null);

        Assert.Equal(SpfResult.None, result.Result);
        Assert.Equal(string.Empty, result.Domain);
    }

    [Fact]
    public async Task CheckAsync_AngleBracketsAndLocalPartWithAt_UseTheLastAt()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 -all exp=why.example.com").AddTxt("why.example.com", "%{l}");

        var result = await new SpfValidator(dns).CheckAsync(s_client, "<\"a@b\"@example.com>", "mail.example.net");

        Assert.Equal("example.com", result.Domain);
        Assert.Equal("\"a@b\"", result.Explanation);
    }

    [Fact]
    public async Task CheckAsync_WithoutCheckHelo_IgnoresAFailingHelo()
    {
        var dns = HeloZone();

        var result = await new SpfValidator(dns).CheckAsync(s_client, "alice@example.com", "bad-helo.example.net");

        Assert.Equal(SpfResult.Pass, result.Result);
        Assert.Equal(SpfIdentity.MailFrom, result.Identity);
    }

    [Fact]
    public async Task CheckAsync_CheckHeloAndHeloFails_ReturnsTheHeloResult()
    {
        var dns = HeloZone();

        var result = await new SpfValidator(dns, new SpfOptions { CheckHelo = true }).CheckAsync(s_client, "alice@example.com", "bad-helo.example.net");

        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal(SpfIdentity.Helo, result.Identity);
        Assert.Equal("bad-helo.example.net", result.Domain);
    }

    [Fact]
    public async Task CheckAsync_CheckHeloAndHeloPasses_ChecksMailFrom()
    {
        var dns = HeloZone().AddTxt("good-helo.example.net", "v=spf1 +all").AddTxt("spoofed.example.org", "v=spf1 -all");

        var result = await new SpfValidator(dns, new SpfOptions { CheckHelo = true }).CheckAsync(s_client, "alice@spoofed.example.org", "good-helo.example.net");

        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal(SpfIdentity.MailFrom, result.Identity);
        Assert.Equal("spoofed.example.org", result.Domain);
    }

    [Fact]
    public async Task CheckHeloAsync_AddressLiteral_IsNone()
    {
        var result = await new SpfValidator(new InMemoryDnsResolver()).CheckHeloAsync(s_client, "[192.0.2.10]");

        Assert.Equal(SpfResult.None, result.Result);
        Assert.Equal(SpfIdentity.Helo, result.Identity);
    }

    [Fact]
    public async Task CheckHeloAsync_HeloName_ChecksPostmasterAtHelo()
    {
        var dns = new InMemoryDnsResolver().AddTxt("mail.example.com", "v=spf1 a -all").AddAddress("mail.example.com", s_client);

        var result = await new SpfValidator(dns).CheckHeloAsync(s_client, "mail.example.com");

        Assert.Equal(SpfResult.Pass, result.Result);
        Assert.Equal("a", result.Mechanism);
    }

    [Theory]
    [InlineData(SpfResult.None, "none")]
    [InlineData(SpfResult.Neutral, "neutral")]
    [InlineData(SpfResult.Pass, "pass")]
    [InlineData(SpfResult.Fail, "fail")]
    [InlineData(SpfResult.SoftFail, "softfail")]
    [InlineData(SpfResult.TempError, "temperror")]
    [InlineData(SpfResult.PermError, "permerror")]
    public void ToRfcName_Result_IsTheRfcSpelling(SpfResult result, string expected)
    {
        Assert.Equal(expected, SpfCheckResult.ToRfcName(result));
    }

    [Fact]
    public async Task ToString_Result_NamesResultDomainAndMechanism()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 ~all");

        var result = await new SpfValidator(dns).CheckHostAsync(s_client, "example.com", "x@example.com", null);

        Assert.Equal("softfail (example.com: ~all)", result.ToString());
    }

    private static InMemoryDnsResolver MxZone(int hosts)
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 mx -all");
        for (var i = 1; i <= hosts; i++)
        {
            dns.AddMx("example.com", i, $"mx{i}.example.com").AddAddress($"mx{i}.example.com", IPAddress.Parse("198.51.100." + i));
        }

        return dns;
    }

    private static InMemoryDnsResolver HeloZone() => new InMemoryDnsResolver()
        .AddTxt("example.com", "v=spf1 ip4:192.0.2.0/24 -all")
        .AddTxt("bad-helo.example.net", "v=spf1 -all");
}
