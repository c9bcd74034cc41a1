using Microsoft.Extensions.DependencyInjection;
using SentiMail.AspNetCore.CrowdSec;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the CrowdSec bouncer to the request pipeline.</summary>
public static class CrowdSecApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the CrowdSec bouncer middleware: requests from addresses with a <c>ban</c> decision get
    /// <see cref="CrowdSecBouncerOptions.BlockStatusCode"/> (403) with a ProblemDetails body. Place it after
    /// <c>UseForwardedHeaders</c> (so the client address is the real one) and before the endpoints it protects.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The same <paramref name="app"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>services.AddSentiMailCrowdSec(...)</c> was not called.</exception>
    public static IApplicationBuilder UseSentiMailCrowdSec(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<CrowdSecBouncerMarker>() is null)
        {
            throw new InvalidOperationException(
                "UseSentiMailCrowdSec needs the bouncer services: call services.AddSentiMailCrowdSec(...) in ConfigureServices / on builder.Services.");
        }

        return app.UseMiddleware<CrowdSecBouncerMiddleware>();
    }
}
