using SentiMail.Authentication.Dmarc;
using SentiMail.Dns;
using SentiMail.Rules;

namespace SentiMail.Tests.Authentication.Dmarc;

/// <summary>DMARC evaluation (RFC 7489 §3.1 alignment, §6.6.3 record discovery) against an in-memory DNS.</summary>
public class DmarcEvaluatorTests
{
    [Fact]
    public async Task EvaluateAsync_RecordAtFromDomain_UsesIt()
    {
        var resolver = new InMemoryDnsResolver().AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");

        var evaluation = await Evaluator(resolver).EvaluateAsync("example.com", null, ["example.com"]);

        Assert.Equal(DmarcResult.Pass, evaluation.Result);
        Assert.Equal(("example.com", "example.com", "reject"), (evaluation.FromDomain, evaluation.RecordDomain, evaluation.Policy));
        Assert.True(evaluation.DkimAligned);
        Assert.False(evaluation.SpfAligned);
        Assert.NotNull(evaluation.Record);
    }

    [Fact]
    public async Task EvaluateAsync_NoRecordAtSubdomain_FallsBackToOrganisationalDomainWithSp()
    {
        var resolver = new InMemoryDnsResolver().AddTxt("_dmarc.example.co.uk", "v=DMARC1; p=reject; sp=quarantine");

        var evaluation = await Evaluator(resolver).EvaluateAsync("sub.example.co.uk", null, []);

        Assert.Equal(DmarcResult.Fail, evaluation.Result);
        Assert.Equal(("sub.example.co.uk", "example.co.uk", "quarantine"), (evaluation.FromDomain, evaluation.RecordDomain, evaluation.Policy));
        Assert.Equal(2, resolver.QueryCount);
    }

    [Fact]
    public async Task EvaluateAsync_FallbackWithoutSp_AppliesP()
    {
        var resolver = new InMemoryDnsResolver().AddTxt("_dmarc.example.co.uk", "v=DMARC1; p=reject");

        var evaluation = await Evaluator(resolver).EvaluateAsync("deep.sub.example.co.uk", null, []);

        Assert.Equal(("example.co.uk", "reject"), (evaluation.RecordDomain, evaluation.Policy));
    }

    [Fact]
    public async Task EvaluateAsync_RecordAtFromDomain_IgnoresSp()
    {
        var resolver = new InMemoryDnsResolver().AddTxt("_dmarc.example.co.uk", "v=DMARC1; p=reject; sp=none");

        var evaluation = await Evaluator(resolver).EvaluateAsync("example.co.uk", null, []);

        Assert.Equal((DmarcResult.Fail, "reject"), (evaluation.Result, evaluation.Policy));
    }

    [Fact]
    public async Task EvaluateAsync_SubdomainRecord_WinsOverOrganisationalDomain()
    {
        var resolver = new InMemoryDnsResolver()
            .AddTxt("_dmarc.sub.example.com", "v=DMARC1; p=none")
            .AddTxt("_dmarc.example.com", "v=DMARC1; p=reject; sp=reject");

        var evaluation = await Evaluator(resolver).EvaluateAsync("sub.example.com", null, []);

        Assert.Equal(("sub.example.com", "none"), (evaluation.RecordDomain, evaluation.Policy));
        Assert.Equal(1, resolver.QueryCount);
    }

    [Fact]
    public async Task EvaluateAsync_NoRecordAnywhere_None()
    {
        var resolver = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 -all").AddTxt("_dmarc.example.com", "not dmarc");

        var evaluation = await Evaluator(resolver).EvaluateAsync("sub.example.com", "sub.example.com", ["sub.example.com"]);

        Assert.Equal(DmarcResult.None, evaluation.Result);
        Assert.Null(evaluation.RecordDomain);
        Assert.Null(evaluation.Policy);
    }

    [Fact]
    public async Task EvaluateAsync_TwoRecords_None()
    {
        var resolver = new InMemoryDnsResolver()
            .AddTxt("_dmarc.example.com", "v=DMARC1; p=reject")
            .AddTxt("_dmarc.example.com", "v=DMARC1; p=none");

        var evaluation = await Evaluator(resolver).EvaluateAsync("example.com", null, ["example.com"]);

        Assert.Equal(DmarcResult.None, evaluation.Result);
    }

    [Fact]
    public async Task EvaluateAsync_TwoRecordsOneUnusable_StillNone()
    {
        // RFC 7489 §6.6.3: the records starting with v=DMARC1 are counted before they are judged.
        var resolver = new InMemoryDnsResolver()
            .AddTxt("_dmarc.example.com", "v=DMARC1; p=reject")
            .AddTxt("_dmarc.example.com", "v=DMARC1; p=block");

        var evaluation = await Evaluator(resolver).EvaluateAsync("example.com", null, ["example.com"]);

        Assert.Equal(DmarcResult.None, evaluation.Result);
    }

    [Fact]
    public async Task EvaluateAsync_OneDmarcRecordAmongOtherTxt_UsesIt()
    {
        var resolver = new InMemoryDnsResolver()
            .AddTxt("_dmarc.example.com", "google-site-verification=abc")
            .AddTxt("_dmarc.example.com", "v=DMARC1; p=quarantine");

        var evaluation = await Evaluator(resolver).EvaluateAsync("example.com", null, []);

        Assert.Equal((DmarcResult.Fail, "quarantine"), (evaluation.Result, evaluation.Policy));
    }

    [Fact]
    public async Task EvaluateAsync_UnusableRecordWithoutRua_None()
    {
        var resolver = new InMemoryDnsResolver().AddTxt("_dmarc.example.com", "v=DMARC1; p=block");

        var evaluation = await Evaluator(resolver).EvaluateAsync("example.com", null, []);

        Assert.Equal(DmarcResult.None, evaluation.Result);
    }

    [Fact]
    public async Task EvaluateAsync_InvalidPolicyWithRua_FailsWithPNone()
    {
        var resolver = new InMemoryDnsResolver().AddTxt("_dmarc.example.com", "v=DMARC1; p=block; rua=mailto:dmarc@example.com");

        var evaluation = await Evaluator(resolver).EvaluateAsync("example.com", null, []);

        Assert.Equal((DmarcResult.Fail, "none"), (evaluation.Result, evaluation.Policy));
    }

    [Theory]
    [InlineData(DnsStatus.Timeout)]
    [InlineData(DnsStatus.ServerFailure)]
    public async Task EvaluateAsync_TxtLookupFailsAtFromDomain_TempError(DnsStatus status)
    {
        var resolver = new InMemoryDnsResolver().Fail("_dmarc.example.com", status);

        var evaluation = await Evaluator(resolver).EvaluateAsync("example.com", null, ["example.com"]);

        Assert.Equal(DmarcResult.TempError, evaluation.Result);
    }

    [Fact]
    public async Task EvaluateAsync_TxtTimeoutAtOrganisationalDomain_TempError()
    {
        var resolver = new InMemoryDnsResolver().Fail("_dmarc.example.com", DnsStatus.Timeout);

        var evaluation = await Evaluator(resolver).EvaluateAsync("sub.example.com", null, ["sub.example.com"]);

        Assert.Equal(DmarcResult.TempError, evaluation.Result);
    }

    [Theory]
    [InlineData("", "example.com", true)]
    [InlineData("adkim=r", "example.com", true)]
    [InlineData("adkim=s", "example.com", false)]
    [InlineData("adkim=s", "sub.example.com", true)]
    [InlineData("adkim=r", "other.example", false)]
    public async Task EvaluateAsync_DkimAlignment_RelaxedOrStrict(string tag, string dkimDomain, bool pass)
    {
        var resolver = new InMemoryDnsResolver().AddTxt("_dmarc.example.com", $"v=DMARC1; p=reject; {tag}");

        var evaluation = await Evaluator(resolver).EvaluateAsync("sub.example.com", null, [dkimDomain]);

        Assert.Equal(pass, evaluation.DkimAligned);
        Assert.Equal(pass ? DmarcResult.Pass : DmarcResult.Fail, evaluation.Result);
    }

    [Theory]
    [InlineData("", "sub.example.com", true)]
    [InlineData("aspf=r", "sub.example.com", true)]
    [InlineData("aspf=s", "sub.example.com", false)]
    [InlineData("aspf=s", "example.com", true)]
    [InlineData("aspf=r", "example.net", false)]
    public async Task EvaluateAsync_SpfAlignment_RelaxedOrStrict(string tag, string spfDomain, bool pass)
    {
        var resolver = new InMemoryDnsResolver().AddTxt("_dmarc.example.com", $"v=DMARC1; p=reject; {tag}");

        var evaluation = await Evaluator(resolver).EvaluateAsync("example.com", spfDomain, []);

        Assert.Equal(pass, evaluation.SpfAligned);
        Assert.Equal(pass ? DmarcResult.Pass : DmarcResult.Fail, evaluation.Result);
    }

    [Fact]
    public async Task EvaluateAsync_StrictDkimRelaxedSpf_EachUsesItsOwnMode()
    {
        var resolver = new InMemoryDnsResolver().AddTxt("_dmarc.example.com", "v=DMARC1; p=reject; adkim=s; aspf=r");

        var evaluation = await Evaluator(resolver).EvaluateAsync("example.com", "bounce.example.com", ["mail.example.com"]);

        Assert.Equal((DmarcResult.Pass, true, false), (evaluation.Result, evaluation.SpfAligned, evaluation.DkimAligned));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task EvaluateAsync_EitherAligned_Passes(bool spf, bool dkim)
    {
        var resolver = new InMemoryDnsResolver().AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");

        var evaluation = await Evaluator(resolver).EvaluateAsync(
            "example.com", spf ? "example.com" : "elsewhere.example", dkim ? ["example.com", "esp.example"] : ["esp.example"]);

        Assert.Equal(DmarcResult.Pass, evaluation.Result);
        Assert.Equal((spf, dkim), (evaluation.SpfAligned, evaluation.DkimAligned));
        Assert.Equal("reject", evaluation.Policy);
    }

    [Theory]
    [InlineData("reject")]
    [InlineData("quarantine")]
    [InlineData("none")]
    public async Task EvaluateAsync_NeitherAligned_FailsWithThePolicy(string policy)
    {
        var resolver = new InMemoryDnsResolver().AddTxt("_dmarc.example.com", $"v=DMARC1; p={policy}");

        var evaluation = await Evaluator(resolver).EvaluateAsync("example.com", "esp.example", ["esp.example"]);

        Assert.Equal((DmarcResult.Fail, policy), (evaluation.Result, evaluation.Policy));
        Assert.False(evaluation.SpfAligned || evaluation.DkimAligned);
        Assert.Contains($"p={policy}", evaluation.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task EvaluateAsync_NoFromDomain_PermError(string? from)
    {
        var evaluation = await Evaluator(new InMemoryDnsResolver()).EvaluateAsync(from, null, []);

        Assert.Equal(DmarcResult.PermError, evaluation.Result);
    }

    [Theory]
    [InlineData("sub.example.com", "example.com", false, true)]
    [InlineData("sub.example.com", "example.com", true, false)]
    [InlineData("Example.COM.", "example.com", true, true)]
    [InlineData("a.example.co.uk", "b.example.co.uk", false, true)]
    [InlineData("example.co.uk", "other.co.uk", false, false)]
    [InlineData("co.uk", "co.uk", true, true)]
    [InlineData("evil-example.com", "example.com", false, false)]
    public void Aligned_Domains_FollowTheMode(string authenticated, string from, bool strict, bool aligned)
    {
        Assert.Equal(aligned, Evaluator(new InMemoryDnsResolver()).Aligned(authenticated, from, strict));
    }

    private static DmarcEvaluator Evaluator(InMemoryDnsResolver resolver) => new(resolver, PublicSuffixList.Default);
}
