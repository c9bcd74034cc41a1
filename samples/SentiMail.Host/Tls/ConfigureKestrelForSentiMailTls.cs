using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SentiMail.Host.Tls;

/// <summary>
/// Applies the transport security to Kestrel: every HTTPS endpoint (default, configured or added in code) gets TLS 1.3
/// only and the SentiMail certificate through a certificate selector, unless the endpoint names its own certificate;
/// the default endpoints are opened only when no endpoint is configured.
/// </summary>
internal sealed class ConfigureKestrelForSentiMailTls(
    IOptions<SentiMailTlsOptions> tlsOptions,
    IConfiguration configuration,
    IServiceProvider services,
    SentiMailTlsMarker marker,
    ILogger<ServerCertificateProvider> logger) : IConfigureOptions<KestrelServerOptions>
{
    private ServerCertificateProvider? _certificates;

    // Resolved on first use: building the application has no side effect; SentiMailTlsStartup creates it at start.
    private ServerCertificateProvider Certificates => _certificates ??= services.GetRequiredService<ServerCertificateProvider>();

    public void Configure(KestrelServerOptions kestrel)
    {
        var settings = tlsOptions.Value;
        marker.KestrelConfigured = true;
        kestrel.ConfigureHttpsDefaults(Apply);
        if (!TlsEndpoints.UseDefaults(configuration))
        {
            TlsLog.ConfiguredEndpoints(logger);
            return;
        }

        var address = IPAddress.Parse(settings.ListenAddress);
        kestrel.Listen(address, settings.HttpsPort, listen => listen.UseHttps());
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var httpPart = string.Empty;
        if (settings.HttpMode == SentiMailHttpMode.Redirect)
        {
            kestrel.Listen(address, settings.HttpPort);
            httpPart = $" and http://{host}:{settings.HttpPort} (redirects to HTTPS)";
        }

        var httpsUrl = $"https://{host}:{settings.HttpsPort}";
        TlsLog.DefaultEndpoints(logger, httpsUrl, httpPart);
    }

    private void Apply(HttpsConnectionAdapterOptions https)
    {
        https.SslProtocols = SslProtocols.Tls13;

        // A certificate set for one endpoint (Kestrel:Endpoints:<name>:Certificate, or UseHttps(certificate) in code) is
        // assigned to this same options object after the defaults run, so it is read at handshake time and wins.
        https.ServerCertificateSelector = (_, _) => https.ServerCertificate ?? Certificates.Current.Certificate;
        https.OnAuthenticate = (_, ssl) =>
        {
            // Enforced here too, after Kestrel:EndpointDefaults:SslProtocols or an endpoint's SslProtocols were applied.
            ssl.EnabledSslProtocols = SslProtocols.Tls13;
            if (https.ServerCertificate is null && ssl.ServerCertificate is null && ssl.ServerCertificateContext is null)
            {
                // The selector's certificate, as a context built once per reload: it also sends the intermediate
                // certificates of the PEM file, which a selector alone cannot.
                ssl.ServerCertificateSelectionCallback = null;
                ssl.ServerCertificateContext = Certificates.Current.Context;
            }
        };
    }
}
