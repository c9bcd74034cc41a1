using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SentiMail.Host.Tls;

/// <summary>
/// Loads (or generates) the server certificate when the host starts, before any hosted service starts and so before
/// Kestrel listens: its path is logged at start and a certificate that cannot be used stops the start. Nothing happens
/// when Kestrel is not the server (a test server), so no certificate is generated there.
/// </summary>
internal sealed class SentiMailTlsStartup(IServiceProvider services, SentiMailTlsMarker marker) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (marker.KestrelConfigured)
        {
            _ = services.GetRequiredService<ServerCertificateProvider>();
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
