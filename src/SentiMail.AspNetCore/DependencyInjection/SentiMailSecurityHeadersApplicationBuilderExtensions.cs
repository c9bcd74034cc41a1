using Microsoft.Extensions.DependencyInjection;
using SentiMail.AspNetCore.Protection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds SentiMail's security headers to the request pipeline.</summary>
public static class SentiMailSecurityHeadersApplicationBuilderExtensions
{
    /// <summary>
    /// Adds <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c>, a restrictive
    /// <c>Content-Security-Policy</c>, <c>X-Frame-Options: DENY</c> and <c>Cross-Origin-Opener-Policy: same-origin</c>
    /// to every response that does not set them itself, as configured by
    /// <c>services.AddSentiMailSecurityHeaders(...)</c> (the defaults apply without it). Place it early, so error
    /// responses get the headers too. HSTS is left to <c>app.UseHsts()</c>.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The same <paramref name="app"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is <see langword="null"/>.</exception>
    public static IApplicationBuilder UseSentiMailSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<SecurityHeadersMiddleware>();
    }
}
