using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentiMail.Host.Tls;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Configures the host's transport security: Kestrel HTTPS with TLS 1.3 only, its certificate, HSTS and the
/// plain HTTP redirect.</summary>
public static class SentiMailTlsWebApplicationBuilderExtensions
{
    /// <summary>
    /// Binds <see cref="SentiMailTlsOptions"/> from the <c>SentiMail:Tls</c> section (validated at start-up, certificate
    /// files included) and configures Kestrel: every HTTPS endpoint accepts TLS 1.3 only and presents the configured
    /// certificate, reloaded when its files change, or a self-signed certificate generated on first run. When no
    /// endpoint is configured (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP(S)_PORTS</c>,
    /// <c>Kestrel:Endpoints</c>), the host listens on <c>https://127.0.0.1:8443</c> and, unless plain HTTP is off,
    /// <c>http://127.0.0.1:8080</c> for the redirect. Pair it with <c>app.UseSentiMailTls()</c>. Safe to call several times.
    /// </summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The same <paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// var builder = WebApplication.CreateBuilder(args);
    /// builder.ConfigureSentiMailTls();
    /// var app = builder.Build();
    /// app.UseSentiMailTls();
    /// </code>
    /// </example>
    public static WebApplicationBuilder ConfigureSentiMailTls(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(static d => d.ServiceType == typeof(SentiMailTlsMarker)))
        {
            return builder;
        }

        services.AddSingleton<SentiMailTlsMarker>();
        services.AddOptions<SentiMailTlsOptions>()
            .Bind(builder.Configuration.GetSection(SentiMailTlsOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SentiMailTlsOptions>, SentiMailTlsOptionsValidator>());
        services.TryAddSingleton(static sp => ServerCertificateProvider.Create(
            sp.GetRequiredService<IOptions<SentiMailTlsOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<ServerCertificateProvider>>()));
        services.AddTransient<IConfigureOptions<KestrelServerOptions>, ConfigureKestrelForSentiMailTls>();
        services.AddHostedService<SentiMailTlsStartup>();

        services.AddOptions<HstsOptions>().Configure<IOptions<SentiMailTlsOptions>>(static (hsts, tls) =>
        {
            hsts.MaxAge = tls.Value.HstsMaxAge;
            hsts.IncludeSubDomains = tls.Value.HstsIncludeSubDomains;
        });
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<SentiMailTlsOptions>, IConfiguration>(static (redirect, tls, configuration) =>
        {
            redirect.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
            // HTTPS_PORT (ASPNETCORE_HTTPS_PORT), read by the middleware itself, names the public port (behind a port mapping).
            if (TlsEndpoints.UseDefaults(configuration) && string.IsNullOrEmpty(configuration["HTTPS_PORT"]) && string.IsNullOrEmpty(configuration["ANCM_HTTPS_PORT"]))
            {
                redirect.HttpsPort = tls.Value.HttpsPort;
            }
        });
        return builder;
    }
}

/// <summary>Marks that <c>ConfigureSentiMailTls()</c> ran, and records whether Kestrel was configured with it (it is
/// not under a test server).</summary>
internal sealed class SentiMailTlsMarker
{
    private volatile bool _kestrelConfigured;

    public bool KestrelConfigured
    {
        get => _kestrelConfigured;
        set => _kestrelConfigured = value;
    }
}
