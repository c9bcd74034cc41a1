using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SentiMail.AspNetCore.CrowdSec;
using SentiMail.Kubernetes.Tests.TestSupport;

namespace SentiMail.Kubernetes.Tests.Probes;

public sealed class ReadinessProbeTests
{
    [Fact]
    public async Task StoreOutage_ReadinessFails_LivenessStillPasses_ThenRecovers()
    {
        var store = new TestStore();
        await using var app = await ProbeApp.StartAsync(
            probes: p => p.AddReadinessCheck("store", (sp, ct) => sp.GetRequiredService<TestStore>().PingAsync(ct)),
            services: s => s.AddSingleton(store));
        var ready = await app.WaitForAsync("/healthz/ready", HttpStatusCode.OK);
        Assert.Equal("Healthy", ready.Checks["store"]);
        Assert.Equal("answers", ready.Description("store"));

        store.Available = false;
        ready = await app.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", ready.Status);
        Assert.Equal("Unhealthy", ready.Checks["store"]);
        Assert.Equal("does not answer", ready.Description("store"));
        var live = await app.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.DoesNotContain("store", live.Checks.Keys);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/healthz/startup")).StatusCode);

        store.Available = true;
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/healthz/ready")).StatusCode);
    }

    [Fact]
    public async Task StoreCheckThrows_ReadinessFails_WithoutTheExceptionText()
    {
        await using var app = await ProbeApp.StartAsync(
            probes: p => p.AddReadinessCheck("store", (_, _) => throw new InvalidOperationException("Host=db;Username=sentimail;Password=hunter2")));
        await app.WaitForAsync("/healthz/startup", HttpStatusCode.OK);

        var ready = await app.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("failed (see the logs)", ready.Description("store"));
        Assert.DoesNotContain("hunter2", ready.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Host=db", ready.Body, StringComparison.Ordinal);
        Assert.Contains("hunter2", app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreCheckHangs_ReadinessFailsWhenItsBudgetRunsOut()
    {
        await using var app = await ProbeApp.StartAsync(
            probes: p => p.AddReadinessCheck("store", async (_, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return true;
            }, timeout: TimeSpan.FromMilliseconds(200)));
        await app.WaitForAsync("/healthz/startup", HttpStatusCode.OK);

        var ready = await app.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("timed out", ready.Description("store"));
    }

    [Fact]
    public async Task OptionalCrowdSecDown_ReadinessAnswers200Degraded()
    {
        // The real CrowdSec health check of SentiMail.AspNetCore, pointed at a loopback port where nothing listens.
        var lapi = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        await using var app = await ProbeApp.StartAsync(
            probes: p => p.HealthChecks.AddCrowdSec(tags: [SentiMailProbeTags.Ready]),
            services: s => s.AddSentiMailCrowdSec(o =>
            {
                o.LapiUrl = lapi;
                o.ApiKey = "bouncer-key-not-shown";
            }));
        await app.WaitForAsync("/healthz/startup", HttpStatusCode.OK);

        var ready = await app.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", ready.Status);
        Assert.Equal("Degraded", ready.Checks[CrowdSecHealthChecksBuilderExtensions.DefaultName]);
        Assert.StartsWith("CrowdSec LAPI: unreachable", ready.Description(CrowdSecHealthChecksBuilderExtensions.DefaultName), StringComparison.Ordinal);
        Assert.Equal("Healthy", ready.Checks[SentiMailProbesServiceCollectionExtensions.WarmUpCheckName]);
        Assert.DoesNotContain("bouncer-key-not-shown", ready.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/healthz/live")).StatusCode);
    }

    [Fact]
    public async Task OptionalAndRequiredDependencies_OnlyARequiredOneDownAnswers503()
    {
        var store = new TestStore();
        var cache = new TestStore();
        await using var app = await ProbeApp.StartAsync(
            probes: p => p
                .AddReadinessCheck("store", (_, ct) => store.PingAsync(ct))
                .AddReadinessCheck<TypedStoreCheck>("cache", optional: true),
            services: s => s.AddSingleton(cache));
        await app.WaitForAsync("/healthz/ready", HttpStatusCode.OK);

        cache.Available = false;
        var ready = await app.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", ready.Status);
        Assert.Equal("cache down", ready.Description("cache"));

        store.Available = false;
        ready = await app.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", ready.Status);
        Assert.Equal("Unhealthy", ready.Checks["store"]);
        Assert.Equal("Degraded", ready.Checks["cache"]);
    }

    [Fact]
    public async Task CustomPaths_AreServed_DefaultPathsAreNot()
    {
        await using var app = await ProbeApp.StartAsync(options: o =>
        {
            o.LivenessPath = "/k8s/alive";
            o.ReadinessPath = "/k8s/ready";
            o.StartupPath = "/k8s/started";
        });
        await app.WaitForAsync("/k8s/started", HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/k8s/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/k8s/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync("/healthz/ready")).StatusCode);
    }

    [Fact]
    public async Task MapSentiMailProbes_ConventionsApplyToTheThreeEndpoints()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSentiMailProbes();
        await using var app = builder.Build();
        app.MapSentiMailProbes().RequireHost("probes.internal");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        foreach (var path in new[] { "/healthz/live", "/healthz/ready", "/healthz/startup" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await ProbeApp.GetAsync(client, path)).StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Host = "probes.internal";
            using var response = await client.SendAsync(request);
            Assert.NotEqual(HttpStatusCode.NotFound, response.StatusCode);
        }

        await app.StopAsync();
    }
}
