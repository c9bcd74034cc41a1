using System.Net;
using Microsoft.Extensions.Time.Testing;
using SentiMail.AspNetCore.CrowdSec;

namespace SentiMail.AspNetCore.Tests.CrowdSec;

public class BoundedVerdictCacheTests
{
    [Fact]
    public void TryGet_AfterExpiry_Misses()
    {
        var time = new FakeTimeProvider();
        var cache = new BoundedVerdictCache(10, time);
        cache.Set(IPAddress.Loopback, CrowdSecVerdict.Ban("x"), TimeSpan.FromSeconds(10));
        Assert.True(cache.TryGet(IPAddress.Loopback, out var verdict));
        Assert.Equal(CrowdSecVerdictKind.Ban, verdict.Kind);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(cache.TryGet(IPAddress.Loopback, out _));
    }

    [Fact]
    public void Set_ManyAddresses_NeverExceedsCapacity()
    {
        var cache = new BoundedVerdictCache(100, new FakeTimeProvider());
        for (var i = 0; i < 10_000; i++)
        {
            cache.Set(new IPAddress(i), CrowdSecVerdict.Allow, TimeSpan.FromMinutes(1));
            Assert.True(cache.Count <= 100);
        }
    }

    [Fact]
    public void Set_ZeroDuration_CachesNothing()
    {
        var cache = new BoundedVerdictCache(10, new FakeTimeProvider());
        cache.Set(IPAddress.Loopback, CrowdSecVerdict.Allow, TimeSpan.Zero);
        Assert.Equal(0, cache.Count);
    }
}
