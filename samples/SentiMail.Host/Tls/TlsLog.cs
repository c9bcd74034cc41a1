using Microsoft.Extensions.Logging;

namespace SentiMail.Host.Tls;

/// <summary>Events of the host's transport security. Event ids are stable (7100–7199). Keys are never logged.</summary>
internal static partial class TlsLog
{
    [LoggerMessage(EventId = 7101, EventName = "TlsCertificateLoaded", Level = LogLevel.Information,
        Message = "TLS certificate loaded from {Source}: subject {Subject}, thumbprint {Thumbprint}, valid until {NotAfter:u}.")]
    public static partial void Loaded(ILogger logger, string source, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(EventId = 7102, EventName = "TlsCertificateReloaded", Level = LogLevel.Information,
        Message = "TLS certificate reloaded from {Source}: subject {Subject}, thumbprint {Thumbprint} (was {PreviousThumbprint}), valid until {NotAfter:u}.")]
    public static partial void Reloaded(ILogger logger, string source, string subject, string thumbprint, string previousThumbprint, DateTime notAfter);

    [LoggerMessage(EventId = 7103, EventName = "TlsCertificateReloadFailed", Level = LogLevel.Warning,
        Message = "TLS certificate files changed but cannot be used; the current certificate (thumbprint {Thumbprint}) stays in use: {Reason}")]
    public static partial void ReloadFailed(ILogger logger, string thumbprint, string reason);

    [LoggerMessage(EventId = 7104, EventName = "TlsSelfSignedCertificateCreated", Level = LogLevel.Warning,
        Message = "No TLS certificate is configured (SentiMail:Tls): generated a self-signed certificate for localhost at {CertificatePath} (key {KeyPath}), valid until {NotAfter:u}. Clients will not trust it; configure a real certificate for production.")]
    public static partial void SelfSignedCreated(ILogger logger, string certificatePath, string keyPath, DateTime notAfter);

    [LoggerMessage(EventId = 7105, EventName = "TlsSelfSignedCertificateReused", Level = LogLevel.Warning,
        Message = "No TLS certificate is configured (SentiMail:Tls): using the self-signed certificate for localhost at {CertificatePath} (thumbprint {Thumbprint}), valid until {NotAfter:u}. Clients will not trust it; configure a real certificate for production.")]
    public static partial void SelfSignedReused(ILogger logger, string certificatePath, string thumbprint, DateTime notAfter);

    [LoggerMessage(EventId = 7106, EventName = "TlsSelfSignedCertificateReplaced", Level = LogLevel.Warning,
        Message = "The self-signed TLS certificate at {CertificatePath} is replaced: {Reason}")]
    public static partial void SelfSignedReplaced(ILogger logger, string certificatePath, string reason);

    [LoggerMessage(EventId = 7107, EventName = "TlsCertificateWatchFailed", Level = LogLevel.Warning,
        Message = "Cannot watch {Directory} for certificate changes ({Reason}); changes are picked up by polling only.")]
    public static partial void WatchFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 7108, EventName = "TlsDefaultEndpoints", Level = LogLevel.Information,
        Message = "No endpoint configured: listening on {HttpsUrl} (TLS 1.3){HttpPart}.")]
    public static partial void DefaultEndpoints(ILogger logger, string httpsUrl, string httpPart);

    [LoggerMessage(EventId = 7109, EventName = "TlsConfiguredEndpoints", Level = LogLevel.Information,
        Message = "Endpoints come from the configuration (urls, http_ports/https_ports or Kestrel:Endpoints); their HTTPS endpoints use TLS 1.3 only and the SentiMail certificate unless one is set for the endpoint.")]
    public static partial void ConfiguredEndpoints(ILogger logger);

    [LoggerMessage(EventId = 7110, EventName = "TlsCertificateExpiresSoon", Level = LogLevel.Warning,
        Message = "The TLS certificate from {Source} (thumbprint {Thumbprint}) expires on {NotAfter:u}.")]
    public static partial void ExpiresSoon(ILogger logger, string source, string thumbprint, DateTime notAfter);
}
