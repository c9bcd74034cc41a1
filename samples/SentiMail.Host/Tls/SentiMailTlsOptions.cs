using System.Net;

namespace SentiMail.Host.Tls;

/// <summary>
/// Transport security of the host, bound from the <c>SentiMail:Tls</c> configuration section and validated at start-up
/// by <c>builder.ConfigureSentiMailTls()</c>. HTTPS is TLS 1.3 only whatever is set here.
/// </summary>
/// <remarks>
/// <para>The certificate comes from <see cref="CertificatePath"/> (with <see cref="KeyPath"/>), or from
/// <see cref="CertificateDirectory"/> (a mounted Kubernetes TLS secret: <c>tls.crt</c> and <c>tls.key</c>). The files are
/// watched and reloaded when they change; files that do not load keep the previous certificate in use. With neither
/// set, a self-signed certificate for <c>localhost</c> is generated once into <see cref="SelfSignedCertificateDirectory"/>
/// and reused afterwards.</para>
/// <para>Relative paths are relative to the application's content root.</para>
/// </remarks>
public sealed class SentiMailTlsOptions
{
    /// <summary>The configuration section the options are bound from: <c>SentiMail:Tls</c>.</summary>
    public const string SectionName = "SentiMail:Tls";

    /// <summary>The certificate file name in <see cref="CertificateDirectory"/>, as in a Kubernetes TLS secret.</summary>
    public const string DirectoryCertificateFileName = "tls.crt";

    /// <summary>The private key file name in <see cref="CertificateDirectory"/>, as in a Kubernetes TLS secret.</summary>
    public const string DirectoryKeyFileName = "tls.key";

    /// <summary>Gets or sets the PEM file holding the server certificate, optionally followed by its intermediate
    /// certificates (which are sent to clients too).</summary>
    /// <value>The default is <see langword="null"/>: no certificate file.</value>
    public string? CertificatePath { get; set; }

    /// <summary>Gets or sets the PEM file holding the certificate's private key (PKCS#8 <c>PRIVATE KEY</c>,
    /// <c>ENCRYPTED PRIVATE KEY</c>, <c>RSA PRIVATE KEY</c> or <c>EC PRIVATE KEY</c>).</summary>
    /// <value>The default is <see langword="null"/>: the key is read from <see cref="CertificatePath"/>.</value>
    public string? KeyPath { get; set; }

    /// <summary>Gets or sets the password of an <c>ENCRYPTED PRIVATE KEY</c>.</summary>
    /// <value>The default is <see langword="null"/>: the key is not encrypted.</value>
    public string? KeyPassword { get; set; }

    /// <summary>Gets or sets a folder holding <c>tls.crt</c> and <c>tls.key</c>, such as a mounted Kubernetes TLS
    /// secret. Exclusive with <see cref="CertificatePath"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? CertificateDirectory { get; set; }

    /// <summary>Gets or sets the folder where the self-signed certificate is generated when no certificate is
    /// configured. It is created with owner-only permissions; the key file is readable by its owner only.</summary>
    /// <value>The default is <see langword="null"/>: <c>data/tls</c> under the content root.</value>
    public string? SelfSignedCertificateDirectory { get; set; }

    /// <summary>Gets or sets what plain HTTP does.</summary>
    /// <value>The default is <see cref="SentiMailHttpMode.Redirect"/>.</value>
    public SentiMailHttpMode HttpMode { get; set; } = SentiMailHttpMode.Redirect;

    /// <summary>Gets or sets the IP address of the default endpoints (used only when no endpoint is configured through
    /// <c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP(S)_PORTS</c> or <c>Kestrel:Endpoints</c>). Use
    /// <c>0.0.0.0</c> or <c>::</c> to listen on every interface.</summary>
    /// <value>The default is <c>127.0.0.1</c>.</value>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the HTTPS port of the default endpoints, from 1 to 65535.</summary>
    /// <value>The default is 8443.</value>
    public int HttpsPort { get; set; } = 8443;

    /// <summary>Gets or sets the plain HTTP (redirect) port of the default endpoints, from 1 to 65535.</summary>
    /// <value>The default is 8080.</value>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Gets or sets the <c>max-age</c> of the <c>Strict-Transport-Security</c> header, from 0 to 2 years.
    /// The header is sent on HTTPS responses only, and not to <c>localhost</c>, <c>127.0.0.1</c> or <c>[::1]</c>.</summary>
    /// <value>The default is 365 days.</value>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Gets or sets whether the HSTS header carries <c>includeSubDomains</c>.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool HstsIncludeSubDomains { get; set; }

    /// <summary>Gets or sets how long the certificate watcher waits after the last file change before reloading, so
    /// that a certificate and key written one after the other are read together. From 0 to 1 minute.</summary>
    /// <value>The default is 500 milliseconds.</value>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets how often the certificate files are also checked without a change notification (for file
    /// systems that do not report changes). <see cref="TimeSpan.Zero"/> turns the check off. At most 1 day.</summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan ReloadPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    internal static readonly TimeSpan MaxHstsMaxAge = TimeSpan.FromDays(2 * 365);

    /// <summary>Lists every problem of the settings that can be checked without reading files.</summary>
    internal List<string> ValidateSettings()
    {
        var errors = new List<string>();
        if (CertificatePath is not null && CertificateDirectory is not null)
        {
            errors.Add($"{SectionName}: set either CertificatePath or CertificateDirectory, not both.");
        }

        if (CertificatePath is null && KeyPath is not null)
        {
            errors.Add($"{SectionName}:KeyPath is set without CertificatePath.");
        }

        if (CertificatePath is null && CertificateDirectory is null && KeyPassword is not null)
        {
            errors.Add($"{SectionName}:KeyPassword is set but no certificate is configured.");
        }

        foreach (var (name, value) in new[] { ("CertificatePath", CertificatePath), ("KeyPath", KeyPath), ("CertificateDirectory", CertificateDirectory), ("SelfSignedCertificateDirectory", SelfSignedCertificateDirectory) })
        {
            if (value is not null && string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{SectionName}:{name} is empty.");
            }
        }

        if (!Enum.IsDefined(HttpMode))
        {
            errors.Add($"{SectionName}:HttpMode must be Redirect or Off.");
        }

        if (!IPAddress.TryParse(ListenAddress, out _))
        {
            errors.Add($"{SectionName}:ListenAddress '{ListenAddress}' is not an IP address (use 127.0.0.1, ::1, 0.0.0.0 or ::).");
        }

        if (HttpsPort is < 1 or > 65535)
        {
            errors.Add($"{SectionName}:HttpsPort must be from 1 to 65535 (was {HttpsPort}).");
        }

        if (HttpMode == SentiMailHttpMode.Redirect && HttpPort is < 1 or > 65535)
        {
            errors.Add($"{SectionName}:HttpPort must be from 1 to 65535 (was {HttpPort}).");
        }

        if (HttpMode == SentiMailHttpMode.Redirect && HttpPort == HttpsPort)
        {
            errors.Add($"{SectionName}:HttpPort and HttpsPort must differ (both {HttpsPort}).");
        }

        if (HstsMaxAge < TimeSpan.Zero || HstsMaxAge > MaxHstsMaxAge)
        {
            errors.Add($"{SectionName}:HstsMaxAge must be from 0 to 730 days (was {HstsMaxAge}).");
        }

        if (ReloadDelay < TimeSpan.Zero || ReloadDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{SectionName}:ReloadDelay must be from 0 to 1 minute (was {ReloadDelay}).");
        }

        if (ReloadPollInterval < TimeSpan.Zero || ReloadPollInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{SectionName}:ReloadPollInterval must be from 0 (off) to 1 day (was {ReloadPollInterval}).");
        }

        return errors;
    }
}
