using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SentiMail.Analyzers;
using SentiMail.Kubernetes.Tests.TestSupport;

namespace SentiMail.Kubernetes.Tests.WarmUp;

public sealed class WarmUpProbeTests
{
    private const string WarmUp = SentiMailProbesServiceCollectionExtensions.WarmUpCheckName;

    [Fact]
    public async Task StartupProbe_FailsUntilWarmUpCompletes_ThenPasses()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var analyzer = new CountingAnalyzer();
        await using var app = await ProbeApp.StartAsync(
            probes: p => p.AddWarmUpStep("feeds", async (_, ct) => await gate.Task.WaitAsync(ct)),
            services: s => s.AddSentiMail().AddAnalyzer(analyzer));

        var startup = await app.GetAsync("/healthz/startup");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, startup.StatusCode);
        Assert.Equal("Unhealthy", startup.Status);
        Assert.Equal("warming up", startup.Description(WarmUp));
        Assert.StartsWith("application/json", startup.ContentType, StringComparison.Ordinal);
        Assert.Contains("no-cache", startup.CacheControl, StringComparison.Ordinal);

        var ready = await app.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", ready.Checks[WarmUp]);
        Assert.Equal("Healthy", ready.Checks[SentiMailProbesServiceCollectionExtensions.DrainCheckName]);

        var live = await app.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", live.Status);
        Assert.Empty(live.Checks);
        Assert.Equal(0, analyzer.Count);

        gate.SetResult();
        startup = await app.WaitForAsync("/healthz/startup", HttpStatusCode.OK);
        Assert.Equal("Healthy", startup.Status);
        Assert.StartsWith("engine warmed up in ", startup.Description(WarmUp), StringComparison.Ordinal);
        ready = await app.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", ready.Status);

        // The engine built from the container, with the application's own analyzer, analysed the built-in message once.
        Assert.Equal(1, analyzer.Count);
        Assert.Equal("warm-up", analyzer.LastSubject);
    }

    [Fact]
    public async Task WarmUp_StepsRunInOrderWithTheApplicationServices()
    {
        var order = new List<string>();
        await using var app = await ProbeApp.StartAsync(
            probes: p => p
                .AddWarmUpStep("first", (sp, _) =>
                {
                    order.Add("first:" + (sp.GetService<IEmailAnalyzer>() is not null));
                    return Task.CompletedTask;
                })
                .AddWarmUpStep("second", (_, _) =>
                {
                    order.Add("second");
                    return Task.CompletedTask;
                }));
        await app.WaitForAsync("/healthz/startup", HttpStatusCode.OK);
        Assert.Equal(["first:True", "second"], order);
    }

    [Fact]
    public async Task WarmUp_StepThrows_ProbesReportTheFailureWithoutExceptionText()
    {
        await using var app = await ProbeApp.StartAsync(
            probes: p => p.AddWarmUpStep("feeds", (_, _) => throw new InvalidOperationException("feed https://user:s3cr3t@feeds.example/ refused")));

        await WaitUntilAsync(async () => (await app.GetAsync("/healthz/startup")).Description(WarmUp)!.StartsWith("warm-up failed", StringComparison.Ordinal));
        var startup = await app.GetAsync("/healthz/startup");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, startup.StatusCode);
        Assert.Equal("warm-up failed while step 'feeds'", startup.Description(WarmUp));
        Assert.DoesNotContain("s3cr3t", startup.Body, StringComparison.Ordinal);
        var ready = await app.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.DoesNotContain("s3cr3t", ready.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/healthz/live")).StatusCode);

        // The details are in the logs, for the operator.
        Assert.Contains("6002/SentiMailWarmUpFailed", app.Logs.AllText, StringComparison.Ordinal);
        Assert.Contains("s3cr3t", app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarmUp_StepOutlivesItsBudget_FailsAsTimedOut()
    {
        await using var app = await ProbeApp.StartAsync(
            options: o => o.WarmUpTimeout = TimeSpan.FromSeconds(1),
            probes: p => p.AddWarmUpStep("model", (_, ct) => Task.Delay(Timeout.Infinite, ct)));

        await WaitUntilAsync(async () => (await app.GetAsync("/healthz/startup")).Description(WarmUp) != "warming up");
        var startup = await app.GetAsync("/healthz/startup");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, startup.StatusCode);
        Assert.Equal("warm-up timed out while step 'model'", startup.Description(WarmUp));
        Assert.Contains("6003/SentiMailWarmUpTimedOut", app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarmUp_EngineBuildOutlivesTheBudget_FailsAsTimedOutWhileBuilding()
    {
        // Like a model on a stuck network volume: the build never ends, and the probe must not say "warming up" for ever.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = new List<string>();
        await using var app = await ProbeApp.StartAsync(
            options: o => o.WarmUpTimeout = TimeSpan.FromSeconds(1),
            probes: p => p.AddWarmUpStep("feeds", (_, _) =>
            {
                steps.Add("feeds");
                return Task.CompletedTask;
            }),
            services: s => s.AddSingleton<IMessageAnalyzer>(_ =>
            {
                release.Task.Wait(TimeSpan.FromSeconds(30));
                return new CountingAnalyzer();
            }));

        await WaitUntilAsync(async () => (await app.GetAsync("/healthz/startup")).Description(WarmUp) != "warming up");
        var startup = await app.GetAsync("/healthz/startup");
        release.SetResult();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, startup.StatusCode);
        Assert.Equal("warm-up timed out while building the engine", startup.Description(WarmUp));
        Assert.Empty(steps);
    }

    [Fact]
    public async Task WarmUp_EngineCannotBeBuilt_FailsWithoutExceptionText()
    {
        // Like a model analyzer whose model file is missing: the engine cannot be built from the container.
        await using var app = await ProbeApp.StartAsync(
            services: s => s.AddSingleton<IMessageAnalyzer>(_ => throw new FileNotFoundException("model not found", "/srv/secret-models/model.zip")));

        await WaitUntilAsync(async () => (await app.GetAsync("/healthz/startup")).Description(WarmUp) != "warming up");
        var startup = await app.GetAsync("/healthz/startup");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, startup.StatusCode);
        Assert.Equal("warm-up failed while building the engine", startup.Description(WarmUp));
        Assert.DoesNotContain("secret-models", startup.Body, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            await Task.Delay(25, timeout.Token);
        }
    }
}
