using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Net;
using SentiMail.Kubernetes.Tests.TestSupport;

namespace SentiMail.Kubernetes.Tests.Process;

/// <summary>A real SIGTERM to a real process while requests are in flight, as Kubernetes does when it stops a pod.</summary>
public sealed class SigtermTests
{
    private const int InFlightRequests = 8;

    [Fact]
    public async Task Sigterm_WithRequestsInFlight_LosesNoneAndExitsZeroWithinTheGracePeriod()
    {
        var drainDelay = TimeSpan.FromSeconds(3);
        var gracePeriod = TimeSpan.FromSeconds(10);
        using var app = TestAppProcess.Start(drainDelay, gracePeriod);
        await ProbeApp.WaitForAsync(app.Client, "/healthz/startup", HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await ProbeApp.GetAsync(app.Client, "/healthz/ready")).StatusCode);

        // Each request outlives the drain delay, so it is still running when the server stops accepting connections.
        var requests = Enumerable.Range(0, InFlightRequests)
            .Select(_ => app.Client.GetAsync(new Uri("/slow?ms=5000", UriKind.Relative)))
            .ToArray();
        await app.WaitForInFlightAsync(InFlightRequests);

        var clock = Stopwatch.StartNew();
        await app.SendSigtermAsync();
        var ready = await ProbeApp.WaitForAsync(app.Client, "/healthz/ready", HttpStatusCode.ServiceUnavailable);
        var readinessFailedAfter = clock.Elapsed;
        Assert.Equal("Unhealthy", ready.Checks[SentiMailProbesServiceCollectionExtensions.DrainCheckName]);
        Assert.True(readinessFailedAfter < drainDelay, $"readiness failed only after {readinessFailedAfter}\n{app.Output}");
        Assert.Equal(HttpStatusCode.OK, (await ProbeApp.GetAsync(app.Client, "/healthz/live")).StatusCode);

        foreach (var request in requests)
        {
            using var response = await request;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("done", await response.Content.ReadAsStringAsync());
        }

        Assert.True(await app.WaitForExitAsync(drainDelay + gracePeriod + TimeSpan.FromSeconds(5)), $"still running\n{app.Output}");
        var exitedAfter = clock.Elapsed;
        Assert.True(app.ExitCode == 0, $"exit code {app.ExitCode}\n{app.Output}");
        Assert.True(exitedAfter < drainDelay + gracePeriod, $"exited after {exitedAfter}\n{app.Output}");
        Assert.Contains("Draining for 00:00:03", app.Output, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => app.Client.GetAsync(new Uri("/healthz/live", UriKind.Relative)));
    }

    [Fact]
    public async Task Sigterm_RequestLongerThanTheGracePeriod_IsCutAndTheProcessStillExits()
    {
        var drainDelay = TimeSpan.FromSeconds(0.5);
        var gracePeriod = TimeSpan.FromSeconds(1);
        using var app = TestAppProcess.Start(drainDelay, gracePeriod);
        await ProbeApp.WaitForAsync(app.Client, "/healthz/startup", HttpStatusCode.OK);
        var request = app.Client.GetAsync(new Uri("/slow?ms=30000", UriKind.Relative));
        await app.WaitForInFlightAsync(1);

        var clock = Stopwatch.StartNew();
        await app.SendSigtermAsync();

        // Kestrel aborts what is left when the grace period runs out; the process exits normally.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => request);
        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(15)), $"still running\n{app.Output}");
        Assert.True(app.ExitCode == 0, $"exit code {app.ExitCode}\n{app.Output}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"exited after {clock.Elapsed}, the 30 s request was not cut\n{app.Output}");
    }
}
