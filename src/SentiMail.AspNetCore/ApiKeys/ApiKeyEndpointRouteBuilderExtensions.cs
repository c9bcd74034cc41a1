using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SentiMail.AspNetCore.ApiKeys;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the API-key management endpoints.</summary>
public static class ApiKeyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the key endpoints under <paramref name="prefix"/>, all requiring <see cref="SentiMailPolicies.ManageKeys"/>:
    /// <list type="bullet">
    /// <item><c>POST {prefix}</c> with <c>{"name", "scopes", "expiresAt"?}</c>: 201 with the key, shown this once.
    /// A caller cannot grant a scope it does not hold.</item>
    /// <item><c>GET {prefix}</c>: the caller's keys (administrators: everyone's, or <c>?owner=</c>); never secrets or hashes.</item>
    /// <item><c>GET {prefix}/{id}</c>: one key.</item>
    /// <item><c>POST {prefix}/{id}/rotate</c>: 200 with the replacement key; the old one is revoked.</item>
    /// <item><c>DELETE {prefix}/{id}</c>: 204; revokes the key.</item>
    /// </list>
    /// Another user's key answers 404, like an unknown one, unless the caller is an administrator. Errors are ProblemDetails.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="prefix">The route prefix.</param>
    /// <returns>The route group, to add conventions such as rate limiting.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddSentiMailApiKeys()</c> (or <c>AddApiKey()</c>) or
    /// <c>AddSentiMailAuthorization()</c> was not called.</exception>
    /// <example>
    /// <code>
    /// app.MapSentiMailApiKeys().RequireRateLimiting("keys");
    /// </code>
    /// </example>
    public static RouteGroupBuilder MapSentiMailApiKeys(this IEndpointRouteBuilder endpoints, string prefix = "/api/v1/keys")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        if (endpoints.ServiceProvider.GetService<ApiKeyService>() is null)
        {
            throw new InvalidOperationException(
                "The API-key services are missing: call services.AddSentiMailApiKeys() or services.AddAuthentication().AddApiKey() first.");
        }

        if (endpoints.ServiceProvider.GetService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Authorization.AuthorizationOptions>>()?.Value
            .GetPolicy(SentiMailPolicies.ManageKeys) is null)
        {
            throw new InvalidOperationException("The SentiMail policies are missing: call services.AddSentiMailAuthorization() first.");
        }

        var group = endpoints.MapGroup(prefix);
        group.RequireAuthorization(SentiMailPolicies.ManageKeys);
        group.MapPost("", ApiKeyEndpoints.CreateAsync).WithName("SentiMail.ApiKeys.Create");
        group.MapGet("", ApiKeyEndpoints.ListAsync).WithName("SentiMail.ApiKeys.List");
        group.MapGet($"{{{ApiKeyEndpoints.IdRouteValue}}}", ApiKeyEndpoints.GetAsync).WithName("SentiMail.ApiKeys.Get");
        group.MapPost($"{{{ApiKeyEndpoints.IdRouteValue}}}/rotate", ApiKeyEndpoints.RotateAsync).WithName("SentiMail.ApiKeys.Rotate");
        group.MapDelete($"{{{ApiKeyEndpoints.IdRouteValue}}}", ApiKeyEndpoints.RevokeAsync).WithName("SentiMail.ApiKeys.Revoke");
        return group;
    }
}
