using Microsoft.Extensions.DependencyInjection;
using SentiMail.AspNetCore.Protection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the IP allow and deny lists to the request pipeline.</summary>
public static class SentiMailIpRulesApplicationBuilderExtensions
{
    /// <summary>
    /// Rejects with 403 and a ProblemDetails body (type <c>urn:sentimail:problem:address-forbidden</c>) the requests whose
    /// effective client address is denied, or outside a non-empty allow list, by <see cref="SentiMailIpRuleOptions"/>.
    /// Place it after <c>UseForwardedHeaders()</c>, so the address is the real client's and not a spoofed one.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The same <paramref name="app"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>services.AddSentiMailIpRules(...)</c> was not called.</exception>
    public static IApplicationBuilder UseSentiMailIpRules(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<SentiMailIpRulesServiceCollectionExtensions.SentiMailIpRulesMarker>() is null)
        {
            throw new InvalidOperationException("UseSentiMailIpRules needs its rules: call services.AddSentiMailIpRules(...) first.");
        }

        return app.UseMiddleware<IpRulesMiddleware>();
    }
}
