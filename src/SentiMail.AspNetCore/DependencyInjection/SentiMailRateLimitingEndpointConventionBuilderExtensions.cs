using SentiMail.AspNetCore.Protection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Applies SentiMail's rate-limiting policy to endpoints.</summary>
public static class SentiMailRateLimitingEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Applies the <see cref="SentiMailRateLimits.Submit"/> policy (per API key, user or client IP) to the endpoints,
    /// as <c>RequireRateLimiting(SentiMailRateLimits.Submit)</c>. Needs <c>services.AddSentiMailRateLimiting()</c>
    /// and <c>app.UseRateLimiter()</c>. On a route group it covers every endpoint in the group, reads included.
    /// </summary>
    /// <typeparam name="TBuilder">The type of the endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoint convention builder.</param>
    /// <returns>The same <paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static TBuilder RequireSentiMailRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireRateLimiting(SentiMailRateLimits.Submit);
    }
}
