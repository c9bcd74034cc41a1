using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentiMail.Host.Tls;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the host's HSTS header and plain HTTP handling to the request pipeline.</summary>
public static class SentiMailTlsApplicationBuilderExtensions
{
    /// <summary>
    /// Sends <c>Strict-Transport-Security</c> on HTTPS responses (ASP.NET Core's HSTS middleware, configured from
    /// <see cref="SentiMailTlsOptions"/>), redirects plain HTTP to HTTPS with a 308 when
    /// <see cref="SentiMailTlsOptions.HttpMode"/> is <see cref="SentiMailHttpMode.Redirect"/>, and answers 400 to any
    /// plain HTTP request that is not redirected, so the application never serves it. Place it after
    /// <c>UseForwardedHeaders</c> (a request that reached a trusted TLS-terminating proxy counts as HTTPS) and before
    /// the endpoints.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The same <paramref name="app"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>builder.ConfigureSentiMailTls()</c> was not called.</exception>
    public static IApplicationBuilder UseSentiMailTls(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<SentiMailTlsMarker>() is null)
        {
            throw new InvalidOperationException("UseSentiMailTls() needs builder.ConfigureSentiMailTls() to be called first.");
        }

        var options = app.ApplicationServices.GetRequiredService<IOptions<SentiMailTlsOptions>>().Value;
        app.UseHsts();
        if (options.HttpMode == SentiMailHttpMode.Redirect)
        {
            app.UseHttpsRedirection();
        }

        return app.Use(static (context, next) =>
        {
            if (context.Request.IsHttps)
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("HTTPS is required.", context.RequestAborted);
        });
    }
}
