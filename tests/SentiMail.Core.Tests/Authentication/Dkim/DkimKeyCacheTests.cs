using SentiMail.Authentication.Dkim;

namespace SentiMail.Tests.Authentication.Dkim;

public sealed class DkimKeyCacheTests
{
    [Fact]
    public void GetOrAdd_SameNameAndRecord_ParsesOnce()
    {
        var cache = new DkimKeyCache();
        var parses = 0;
        KeyLookup Parse(string name, string record)
        {
            parses++;
            return new KeyLookup(null, DkimFailureReason.KeyInvalid, name, null);
        }

        var first = cache.GetOrAdd("s._domainkey.a.test", "p=abc", Parse);
        var second = cache.GetOrAdd("s._domainkey.a.test", "p=abc", Parse);
        var other = cache.GetOrAdd("s._domainkey.b.test", "p=abc", Parse);

        Assert.Same(first, second);
        Assert.Equal("s._domainkey.b.test", other.Detail);
        Assert.Equal(2, parses);
    }

    [Fact]
    public void GetOrAdd_PastCapacity_StaysBounded()
    {
        var cache = new DkimKeyCache(capacity: 8);

        for (var i = 0; i < 100; i++)
        {
            cache.GetOrAdd($"s{i}._domainkey.a.test", "p=abc", (n, _) => new KeyLookup(null, DkimFailureReason.KeyInvalid, n, null));
        }

        Assert.InRange(cache.Count, 1, 8);
    }
}
