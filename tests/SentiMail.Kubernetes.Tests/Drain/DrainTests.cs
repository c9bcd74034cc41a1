using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Net;
using SentiMail.Kubernetes.Tests.TestSupport;

namespace SentiMail.Kubernetes.Tests.Drain;

public sealed class DrainTests
{
    [Fact]
    public async Task Stopping_ReadinessFailsFirst_WhileRequestsAreStillServed()
    {
        await using var app = await ProbeApp.StartAsync(options: o =>
        {
            o.DrainDelay = TimeSpan.FromSeconds(1.5);
            o.RequestGracePeriod = TimeSpan.FromSeconds(10);
        });
        await app.WaitForAsync("/healthz/ready", HttpStatusCode.OK);
        using (var before = await app.Client.GetAsync(new Uri("/slow?ms=0", UriKind.Relative)))
        {
            Assert.NotEqual(true, before.Headers.ConnectionClose);
        }

        var inFlight = app.Client.GetAsync(new Uri("/slow?ms=2500", UriKind.Relative));
        await Task.Delay(200);

        var clock = Stopwatch.StartNew();
        var stopping = app.App.StopAsync();
        var ready = await app.WaitForAsync("/healthz/ready", HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", ready.Checks[SentiMailProbesServiceCollectionExtensions.DrainCheckName]);
        Assert.Equal("draining: the application is shutting down", ready.Description(SentiMailProbesServiceCollectionExtensions.DrainCheckName));
        Assert.Equal("Healthy", ready.Checks[SentiMailProbesServiceCollectionExtensions.WarmUpCheckName]);

        // During the drain delay the server still answers: liveness, startup and new requests.
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/healthz/startup")).StatusCode);
        using (var late = await app.Client.GetAsync(new Uri("/slow?ms=10", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, late.StatusCode);

            // Keep-alive clients are told to reconnect, through the load balancer, elsewhere.
            Assert.True(late.Headers.ConnectionClose);
        }

        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("done", await response.Content.ReadAsStringAsync());
        await stopping;
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.4), $"the host stopped after {clock.Elapsed}, before the drain delay");
        Assert.Contains("6011/SentiMailDrainWaiting", app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_CloseConnectionsWhileDrainingOff_KeepsConnectionsOpen()
    {
        await using var app = await ProbeApp.StartAsync(options: o =>
        {
            o.DrainDelay = TimeSpan.FromSeconds(1);
            o.CloseConnectionsWhileDraining = false;
        });
        await app.WaitForAsync("/healthz/ready", HttpStatusCode.OK);
        var stopping = app.App.StopAsync();
        await app.WaitForAsync("/healthz/ready", HttpStatusCode.ServiceUnavailable);
        using (var response = await app.Client.GetAsync(new Uri("/slow?ms=0", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEqual(true, response.Headers.ConnectionClose);
        }

        await stopping;
    }

    [Fact]
    public async Task Stopping_BeforeTheAppWasEverReady_SkipsTheDrainDelay()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await ProbeApp.StartAsync(
            options: o => o.DrainDelay = TimeSpan.FromMinutes(1),
            probes: p => p.AddWarmUpStep("never", async (_, ct) => await gate.Task.WaitAsync(ct)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.GetAsync("/healthz/ready")).StatusCode);

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.App.StopAsync(limit.Token);
        Assert.False(limit.IsCancellationRequested);
        Assert.Contains("6012/SentiMailDrainSkipped", app.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("6011/SentiMailDrainWaiting", app.Logs.AllText, StringComparison.Ordinal);
    }
}
