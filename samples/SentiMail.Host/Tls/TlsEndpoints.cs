using Microsoft.Extensions.Configuration;

namespace SentiMail.Host.Tls;

/// <summary>Decides whether the host opens its default endpoints: only when the usual ASP.NET Core settings name none.</summary>
internal static class TlsEndpoints
{
    /// <summary>
    /// Returns <see langword="true"/> when no endpoint is configured: no <c>urls</c> (<c>--urls</c>,
    /// <c>ASPNETCORE_URLS</c>, <c>DOTNET_URLS</c>), no <c>http_ports</c>/<c>https_ports</c>
    /// (<c>ASPNETCORE_HTTP_PORTS</c>, <c>ASPNETCORE_HTTPS_PORTS</c>) and no <c>Kestrel:Endpoints</c> entry.
    /// </summary>
    public static bool UseDefaults(IConfiguration configuration)
    {
        foreach (var key in (ReadOnlySpan<string>)["urls", "http_ports", "https_ports"])
        {
            if (!string.IsNullOrWhiteSpace(configuration[key]))
            {
                return false;
            }
        }

        return !configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
    }
}
