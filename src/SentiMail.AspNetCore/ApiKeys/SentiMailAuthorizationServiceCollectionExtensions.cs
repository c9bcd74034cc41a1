using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SentiMail.AspNetCore.ApiKeys;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SentiMail's scope-based authorization policies.</summary>
public static class SentiMailAuthorizationServiceCollectionExtensions
{
    /// <summary>
    /// Adds authorization with the policies <see cref="SentiMailPolicies.Submit"/>, <see cref="SentiMailPolicies.Read"/>,
    /// <see cref="SentiMailPolicies.ManageKeys"/> and <see cref="SentiMailPolicies.Admin"/>, each requiring an
    /// authenticated user of any scheme and a <see cref="ScopeRequirement"/>. Safe to call several times.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// services.AddAuthentication(ApiKeyDefaults.AuthenticationScheme).AddApiKey();
    /// services.AddSentiMailAuthorization();
    /// app.MapPost("/api/v1/analyses", Submit).RequireAuthorization(SentiMailPolicies.Submit);
    /// </code>
    /// </example>
    public static IServiceCollection AddSentiMailAuthorization(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAuthorization(options =>
        {
            AddPolicy(options, SentiMailPolicies.Submit, ApiKeyScopes.Submit);
            AddPolicy(options, SentiMailPolicies.Read, ApiKeyScopes.Read);
            AddPolicy(options, SentiMailPolicies.ManageKeys, ApiKeyScopes.ManageKeys);
            AddPolicy(options, SentiMailPolicies.Admin, ApiKeyScopes.Admin);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ScopeAuthorizationHandler>());
        return services;
    }

    private static void AddPolicy(AuthorizationOptions options, string name, string scope) =>
        options.AddPolicy(name, policy => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)));
}
