using System.Net;
using SentiMail.AspNetCore.CrowdSec;

namespace SentiMail.AspNetCore.Tests.CrowdSec;

/// <summary>The bouncer against the real CrowdSec LAPI (Debian package), decisions added and removed with cscli.</summary>
[Collection(CrowdSecLapiGroup.Name)]
public sealed class RealLapiTests(CrowdSecLapiFixture lapi)
{
    private async Task<BouncerApp> StartAppAsync(CrowdSecBouncerMode mode, bool failOpen = true, bool forwarded = false)
    {
        var key = await lapi.AddBouncerAsync("sentimail-test");
        return await BouncerApp.StartAsync(
            o =>
            {
                o.LapiUrl = lapi.LapiUrl;
                o.ApiKey = key;
                o.Mode = mode;
                o.CacheDuration = TimeSpan.Zero; // see every change at once
                o.StreamInterval = TimeSpan.FromSeconds(1);
                o.RequestTimeout = TimeSpan.FromSeconds(2);
                o.FailOpen = failOpen;
            },
            useForwardedHeaders: forwarded);
    }

    [Fact]
    public async Task Live_DecisionAdded_Blocks_Deleted_Passes()
    {
        await using var app = await StartAppAsync(CrowdSecBouncerMode.Live, failOpen: false);
        using (var before = await app.GetAsync("127.0.0.9"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await lapi.CscliAsync("decisions", "add", "--ip", "127.0.0.9", "--duration", "1h");
        try
        {
            using var blocked = await app.GetAsync("127.0.0.9");
            Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
            using var other = await app.GetAsync("127.0.0.19");
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        finally
        {
            await lapi.CscliAsync("decisions", "delete", "--ip", "127.0.0.9");
        }

        using var after = await app.GetAsync("127.0.0.9");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Live_ForwardedFor_ThroughTrustedProxy_Blocks()
    {
        await using var app = await StartAppAsync(CrowdSecBouncerMode.Live, forwarded: true);
        await lapi.CscliAsync("decisions", "add", "--ip", "127.0.0.11", "--duration", "1h");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("X-Forwarded-For", "127.0.0.11");
            using var blocked = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        }
        finally
        {
            await lapi.CscliAsync("decisions", "delete", "--ip", "127.0.0.11");
        }
    }

    [Fact]
    public async Task Live_RangeDecision_BlocksAddressInside()
    {
        await using var app = await StartAppAsync(CrowdSecBouncerMode.Live);
        await lapi.CscliAsync("decisions", "add", "--range", "10.77.0.0/16", "--duration", "1h");
        try
        {
            using var inside = await app.GetAsync("10.77.3.4");
            Assert.Equal(HttpStatusCode.Forbidden, inside.StatusCode);
            using var outside = await app.GetAsync("10.78.3.4");
            Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
        }
        finally
        {
            await lapi.CscliAsync("decisions", "delete", "--range", "10.77.0.0/16");
        }
    }

    [Fact]
    public async Task Stream_DecisionAdded_BlocksAfterPull_Deleted_PassesAfterPull()
    {
        await using var app = await StartAppAsync(CrowdSecBouncerMode.Stream, failOpen: false);
        await WaitForStatus(app, "127.0.0.10", HttpStatusCode.OK);
        await lapi.CscliAsync("decisions", "add", "--ip", "127.0.0.10", "--duration", "1h");
        await lapi.CscliAsync("decisions", "add", "--range", "10.88.0.0/16", "--duration", "1h");
        try
        {
            await WaitForStatus(app, "127.0.0.10", HttpStatusCode.Forbidden);
            await WaitForStatus(app, "10.88.1.2", HttpStatusCode.Forbidden);
        }
        finally
        {
            await lapi.CscliAsync("decisions", "delete", "--ip", "127.0.0.10");
            await lapi.CscliAsync("decisions", "delete", "--range", "10.88.0.0/16");
        }

        await WaitForStatus(app, "127.0.0.10", HttpStatusCode.OK);
        await WaitForStatus(app, "10.88.1.2", HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrongApiKey_LapiRefuses_FailClosed503()
    {
        await using var app = await BouncerApp.StartAsync(o =>
        {
            o.LapiUrl = lapi.LapiUrl;
            o.ApiKey = "not-a-registered-key";
            o.FailOpen = false;
        });
        using var response = await app.GetAsync("127.0.0.12");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task HealthCheck_RealLapi_Healthy()
    {
        await using var app = await StartAppAsync(CrowdSecBouncerMode.Live);
        Assert.Equal("Healthy", await app.Client.GetStringAsync("/health"));
    }

    /// <summary>Stream mode sees a change at the next pull (1 s here); bounded wait of 15 s.</summary>
    private static async Task WaitForStatus(BouncerApp app, string ip, HttpStatusCode expected)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            using var response = await app.GetAsync(ip);
            if (response.StatusCode == expected)
            {
                return;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(15), $"{ip}: still {response.StatusCode}, expected {expected}");
            await Task.Delay(100);
        }
    }
}
