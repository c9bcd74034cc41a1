using SentiMail.AspNetCore.CrowdSec;

namespace SentiMail.AspNetCore.Tests.CrowdSec;

public class CrowdSecBouncerOptionsTests
{
    [Fact]
    public void Ctor_EnsureDefaultValues()
    {
        var options = new CrowdSecBouncerOptions();
        Assert.Null(options.LapiUrl);
        Assert.Null(options.ApiKey);
        Assert.Equal(CrowdSecBouncerMode.Live, options.Mode);
        Assert.Equal(TimeSpan.FromSeconds(10), options.CacheDuration);
        Assert.Equal(10_000, options.CacheSize);
        Assert.Equal(TimeSpan.FromSeconds(10), options.StreamInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.StreamRequestTimeout);
        Assert.Equal(1_000_000, options.MaxStreamDecisions);
        Assert.True(options.FailOpen);
        Assert.Equal(403, options.BlockStatusCode);
    }

    [Fact]
    public void Validate_Defaults_ListsMissingUrlAndKey()
    {
        var result = new CrowdSecBouncerOptionsValidator().Validate(null, new CrowdSecBouncerOptions());
        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("LapiUrl", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EveryInvalidValue_ListsEveryError()
    {
        var options = new CrowdSecBouncerOptions
        {
            LapiUrl = new Uri("ftp://127.0.0.1/"),
            ApiKey = "with space",
            Mode = (CrowdSecBouncerMode)7,
            CacheDuration = TimeSpan.FromSeconds(-1),
            CacheSize = 0,
            StreamInterval = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.Zero,
            StreamRequestTimeout = TimeSpan.FromMinutes(6),
            MaxStreamDecisions = 0,
            BlockStatusCode = 200,
        };
        var result = new CrowdSecBouncerOptionsValidator().Validate(null, options);
        var failures = result.Failures!.ToList();
        foreach (var name in new[] { "LapiUrl", "ApiKey", "Mode", "CacheDuration", "CacheSize", "StreamInterval", "RequestTimeout", "StreamRequestTimeout", "MaxStreamDecisions", "BlockStatusCode" })
        {
            Assert.Contains(failures, f => f.Contains("CrowdSecBouncerOptions." + name + " ", StringComparison.Ordinal));
        }

        Assert.Equal(10, failures.Count);
    }

    [Fact]
    public void Validate_RelativeUrl_Fails()
    {
        var options = new CrowdSecBouncerOptions { LapiUrl = new Uri("/v1", UriKind.Relative), ApiKey = "k" };
        Assert.True(new CrowdSecBouncerOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void Validate_ValidEdges_Succeeds()
    {
        var options = new CrowdSecBouncerOptions
        {
            LapiUrl = new Uri("https://lapi.example/"),
            ApiKey = "k",
            Mode = CrowdSecBouncerMode.Stream,
            CacheDuration = TimeSpan.Zero,
            CacheSize = 1,
            StreamInterval = TimeSpan.FromSeconds(1),
            RequestTimeout = TimeSpan.FromSeconds(30),
            StreamRequestTimeout = TimeSpan.FromMinutes(5),
            MaxStreamDecisions = 1,
            BlockStatusCode = 599,
        };
        Assert.True(new CrowdSecBouncerOptionsValidator().Validate(null, options).Succeeded);
    }
}
