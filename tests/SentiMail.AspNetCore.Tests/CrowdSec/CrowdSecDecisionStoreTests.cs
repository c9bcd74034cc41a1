using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentiMail.AspNetCore.CrowdSec;

namespace SentiMail.AspNetCore.Tests.CrowdSec;

public class CrowdSecDecisionStoreTests
{
    private readonly FakeTimeProvider _time = new();

    private CrowdSecDecisionStore CreateStore(int max = 1000) =>
        new(Options.Create(new CrowdSecBouncerOptions { MaxStreamDecisions = max }), _time);

    private static LapiDecision D(long id, string value, string scope = "Ip", string type = "ban") =>
        new() { Id = id, Value = value, Scope = scope, Type = type, Scenario = "s" + id };

    private static async Task<CrowdSecVerdictKind> Check(CrowdSecDecisionStore store, string ip) => (await store.CheckAsync(IPAddress.Parse(ip))).Kind;

    [Fact]
    public async Task CheckAsync_BeforeFirstPull_IsUnavailable()
    {
        Assert.Equal(CrowdSecVerdictKind.Unavailable, await Check(CreateStore(), "192.0.2.1"));
    }

    [Fact]
    public async Task Apply_IpAndRangeDecisions_BanExactlyThoseAddresses()
    {
        var store = CreateStore();
        store.Apply(new LapiDecisionStream { New = [D(1, "127.0.0.9"), D(2, "10.10.0.0/16", "Range"), D(3, "2001:db8::/32", "range"), D(4, "AS1234", "AS")] }, startup: true);
        Assert.Equal(3, store.Count);
        Assert.Equal(CrowdSecVerdictKind.Ban, await Check(store, "127.0.0.9"));
        Assert.Equal(CrowdSecVerdictKind.Ban, await Check(store, "10.10.3.4"));
        Assert.Equal(CrowdSecVerdictKind.Ban, await Check(store, "2001:db8:1::5"));
        Assert.Equal(CrowdSecVerdictKind.Allow, await Check(store, "10.11.0.1"));
        Assert.Equal(CrowdSecVerdictKind.Allow, await Check(store, "127.0.0.8"));
    }

    [Fact]
    public async Task Apply_DeletedById_KeepsOtherDecisionForSameAddress()
    {
        var store = CreateStore();
        store.Apply(new LapiDecisionStream { New = [D(1, "127.0.0.9"), D(2, "127.0.0.9")] }, startup: true);
        store.Apply(new LapiDecisionStream { Deleted = [D(1, "127.0.0.9")] }, startup: false);
        Assert.Equal(CrowdSecVerdictKind.Ban, await Check(store, "127.0.0.9"));
        store.Apply(new LapiDecisionStream { Deleted = [D(2, "127.0.0.9")] }, startup: false);
        Assert.Equal(CrowdSecVerdictKind.Allow, await Check(store, "127.0.0.9"));
    }

    [Fact]
    public async Task Apply_StartupPull_ReplacesEverything()
    {
        var store = CreateStore();
        store.Apply(new LapiDecisionStream { New = [D(1, "127.0.0.9")] }, startup: true);
        store.Apply(new LapiDecisionStream { New = [D(2, "127.0.0.10")] }, startup: true);
        Assert.Equal(CrowdSecVerdictKind.Allow, await Check(store, "127.0.0.9"));
        Assert.Equal(CrowdSecVerdictKind.Ban, await Check(store, "127.0.0.10"));
    }

    [Fact]
    public async Task Apply_NonBanAndGarbage_Ignored()
    {
        var store = CreateStore();
        store.Apply(new LapiDecisionStream { New = [D(1, "127.0.0.9", type: "captcha"), D(2, "not-an-ip"), D(3, "10.0.0.0/99", "Range"), D(4, "10.0.0.0", "Range"), null!] }, startup: true);
        Assert.Equal(0, store.Count);
        Assert.Equal(CrowdSecVerdictKind.Allow, await Check(store, "127.0.0.9"));
    }

    [Fact]
    public void Apply_OverLimit_IgnoresAndCounts()
    {
        var store = CreateStore(max: 2);
        var ignored = store.Apply(new LapiDecisionStream { New = [D(1, "192.0.2.1"), D(2, "192.0.2.2"), D(3, "192.0.2.3")] }, startup: true);
        Assert.Equal(1, ignored);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public async Task CheckAsync_StaleSnapshot_KeepsBansAndReportsUnknownAsUnavailable()
    {
        var store = CreateStore();
        store.Apply(new LapiDecisionStream { New = [D(1, "127.0.0.9")] }, startup: true);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(CrowdSecVerdictKind.Ban, await Check(store, "127.0.0.9"));
        Assert.Equal(CrowdSecVerdictKind.Unavailable, await Check(store, "127.0.0.8"));
    }

    [Theory]
    [InlineData("10.10.1.7/16", "10.10.0.0", 16)]
    [InlineData("192.0.2.0/24", "192.0.2.0", 24)]
    [InlineData("::ffff:10.1.2.3/8", "10.0.0.0", 8)]
    [InlineData("2001:db8:ffff::1/33", "2001:db8:8000::", 33)]
    public void TryParseRange_MasksHostBits(string value, string expectedBase, int prefix)
    {
        Assert.True(CrowdSecDecisionStore.TryParseRange(value, out var range));
        Assert.Equal(IPAddress.Parse(expectedBase), range.BaseAddress);
        Assert.Equal(prefix, range.PrefixLength);
    }

    [Fact]
    public void Normalize_Ipv4MappedIpv6_MapsToIpv4()
    {
        Assert.Equal(IPAddress.Parse("127.0.0.9"), CrowdSecDecisionStore.Normalize(IPAddress.Parse("::ffff:127.0.0.9")));
    }
}
