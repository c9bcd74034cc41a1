using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.CrowdSec;
using SentiMail.AspNetCore.Tests.Analyses;
using SentiMail.AspNetCore.Tests.Protection;

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

    [Fact]
    public async Task Watcher_ThresholdReached_LapiHasBanDecision()
    {
        var machine = "sentimail-watcher-" + Guid.NewGuid().ToString("N")[..8];
        var password = Guid.NewGuid().ToString("N");
        await lapi.CscliAsync("machines", "add", machine, "--password", password, "-f", "-");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSentiMailCrowdSecWatcher(o =>
        {
            o.LapiUrl = lapi.LapiUrl;
            o.MachineId = machine;
            o.Password = password;
            o.Threshold = 3;
            o.FlushInterval = TimeSpan.FromMilliseconds(100);
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var reporter = host.Services.GetRequiredService<ICrowdSecReporter>();
            for (var i = 0; i < 3; i++)
            {
                reporter.Report(IPAddress.Parse("127.0.0.12"), "invalid API key");
            }

            var started = TimeProvider.System.GetTimestamp();
            while (!await HasBanAsync("127.0.0.12"))
            {
                Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10), "no ban decision for 127.0.0.12 after 10 s");
                await Task.Delay(200);
            }
        }
        finally
        {
            await host.StopAsync();
            await lapi.CscliAsync("decisions", "delete", "--ip", "127.0.0.12");
        }
    }

    [Fact]
    public async Task BurstOfBadApiKeys_IsReported_BannedByLapi_ThenBlockedByTheBouncer()
    {
        const string Attacker = "127.0.0.14";
        var machine = "sentimail-api-" + Guid.NewGuid().ToString("N")[..8];
        var password = Guid.NewGuid().ToString("N");
        await lapi.CscliAsync("machines", "add", machine, "--password", password, "-f", "-");
        var bouncerKey = await lapi.AddBouncerAsync("sentimail-api");
        await using var host = await AnalysisTestHost.StartAsync(configure: null, compatibility: false, new TestHostHooks
        {
            Services = services =>
            {
                services.AddSingleton(TimeProvider.System); // the watcher's flush timer and the LAPI token need the real clock
                services.AddSentiMailCrowdSecWatcher(o =>
                {
                    o.LapiUrl = lapi.LapiUrl;
                    o.MachineId = machine;
                    o.Password = password;
                    o.Threshold = 3;
                    o.FlushInterval = TimeSpan.FromMilliseconds(100);
                });
                services.AddSentiMailCrowdSec(o =>
                {
                    o.LapiUrl = lapi.LapiUrl;
                    o.ApiKey = bouncerKey;
                    o.CacheDuration = TimeSpan.Zero;
                    o.FailOpen = false;
                });
            },
            BeforeAuthentication = app =>
            {
                PeerAddress.Use(app);
                app.UseSentiMailCrowdSec();
            },
        });
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Read);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                using var refused = await host.SendAsync(HttpMethod.Get, "/api/v1/analyses", "sm_0123456789abcdef_guess" + i, null, null, PeerAddress.From(Attacker));
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }

            // The watcher posts the alert at its next flush; the bouncer (live, no cache) then refuses even a valid key.
            var started = TimeProvider.System.GetTimestamp();
            while (true)
            {
                using var response = await host.SendAsync(HttpMethod.Get, "/api/v1/analyses", key, null, null, PeerAddress.From(Attacker));
                if (response.StatusCode == HttpStatusCode.Forbidden)
                {
                    break;
                }

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(15), "the attacker was not banned within 15 s");
                await Task.Delay(200);
            }

            Assert.True(await HasBanAsync(Attacker));
            using var bystander = await host.SendAsync(HttpMethod.Get, "/api/v1/analyses", key, null, null, PeerAddress.From("127.0.0.15"));
            Assert.Equal(HttpStatusCode.OK, bystander.StatusCode);
        }
        finally
        {
            await lapi.CscliAsync("decisions", "delete", "--ip", Attacker);
        }
    }

    /// <summary>Whether <c>cscli decisions list -a -o json</c> (all origins) holds a ban for <paramref name="ip"/>.</summary>
    private async Task<bool> HasBanAsync(string ip)
    {
        var json = await lapi.CscliAsync("decisions", "list", "-a", "-o", "json");
        using var document = JsonDocument.Parse(string.IsNullOrEmpty(json) ? "null" : json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        return document.RootElement.EnumerateArray()
            .Where(alert => alert.TryGetProperty("decisions", out var decisions) && decisions.ValueKind == JsonValueKind.Array)
            .SelectMany(alert => alert.GetProperty("decisions").EnumerateArray())
            .Any(d => d.GetProperty("value").GetString() == ip && d.GetProperty("type").GetString() == "ban" && d.GetProperty("origin").GetString() == "sentimail");
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
