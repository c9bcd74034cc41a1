using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentiMail.Kubernetes.WarmUp;

namespace SentiMail.Kubernetes.Drain;

/// <summary>
/// The drain on shutdown. The host stops in this order (.NET 8 and later): <c>ApplicationStopping</c> fires (first,
/// when SIGTERM arrives through the console lifetime), then every <see cref="IHostedLifecycleService.StoppingAsync"/>
/// runs, then every <see cref="IHostedService.StopAsync"/>, which is where Kestrel stops accepting connections and waits
/// for in-flight requests until <c>HostOptions.ShutdownTimeout</c>. This service marks the application as draining as
/// soon as stopping begins (readiness answers 503) and waits <see cref="SentiMailProbeOptions.DrainDelay"/> in
/// <see cref="StoppingAsync"/>, while the server still accepts and serves requests.
/// </summary>
internal sealed class DrainService(
    ProbeState state,
    IHostApplicationLifetime lifetime,
    IOptions<SentiMailProbeOptions> options,
    TimeProvider time,
    ILogger<DrainService> logger) : IHostedLifecycleService, IDisposable
{
    private CancellationTokenRegistration _stopping;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(static s => ((DrainService)s!).BeginDrain(), this);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        BeginDrain();
        var delay = options.Value.DrainDelay;
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        if (!state.IsWarmedUp)
        {
            // Readiness never passed, so no load balancer sends traffic here: nothing to wait for.
            ProbeLog.DrainSkipped(logger);
            return;
        }

        ProbeLog.DrainWaiting(logger, delay);
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ProbeLog.DrainCut(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    private void BeginDrain()
    {
        if (state.BeginDrain())
        {
            ProbeLog.DrainStarted(logger);
        }
    }
}
