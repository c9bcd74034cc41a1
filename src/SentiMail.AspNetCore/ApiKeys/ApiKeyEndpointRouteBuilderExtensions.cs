using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.OpenApi;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the API-key management endpoints.</summary>
public static class ApiKeyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the key endpoints under <paramref name="prefix"/>, all requiring <see cref="SentiMailPolicies.ManageKeys"/>:
    /// <list type="bullet">
    /// <item><c>POST {prefix}</c> with <c>{"name", "scopes", "expiresAt"?}</c> (at most 16 KiB, declared as the
    /// endpoint's request-size limit and enforced while reading; 413 over it): 201 with the key, shown this once.
    /// A caller cannot grant a scope it does not hold.</item>
    /// <item><c>GET {prefix}</c>: the caller's keys (administrators: everyone's, or <c>?owner=</c>); never secrets or hashes.</item>
    /// <item><c>GET {prefix}/{id}</c>: one key.</item>
    /// <item><c>POST {prefix}/{id}/rotate</c>: 200 with the replacement key; the old one is revoked. The replacement keeps
    /// the key's scopes, so the caller must hold every one of them (403 otherwise), as when creating.</item>
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

        var group = endpoints.MapGroup(prefix).WithTags(OpenApiConventions.ApiKeysTag);
        group.RequireAuthorization(SentiMailPolicies.ManageKeys);
        group.MapPost("", ApiKeyEndpoints.CreateAsync).Describe(ApiKeyEndpoints.CreateAsync).WithName("SentiMail.ApiKeys.Create")
            .WithSummary("Creates an API key; the key is shown this once.")
            .Produces<IEndpointConventionBuilder, CreatedApiKey>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
            .WithMetadata(new RequestSizeLimitMetadata(ApiKeyEndpoints.MaxBodyLength), new RequestBodyMetadata(typeof(ApiKeyCreateBody)));
        group.MapGet("", ApiKeyEndpoints.ListAsync).Describe(ApiKeyEndpoints.ListAsync).WithName("SentiMail.ApiKeys.List")
            .WithSummary("Lists the caller's keys (administrators: everyone's, or ?owner=); never secrets or hashes.")
            .Produces<IEndpointConventionBuilder, IReadOnlyList<ApiKeyInfo>>()
            .ProducesProblems();
        group.MapGet($"{{{ApiKeyEndpoints.IdRouteValue}}}", ApiKeyEndpoints.GetAsync).Describe(ApiKeyEndpoints.GetAsync).WithName("SentiMail.ApiKeys.Get")
            .WithSummary("Gets one key.")
            .Produces<IEndpointConventionBuilder, ApiKeyInfo>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost($"{{{ApiKeyEndpoints.IdRouteValue}}}/rotate", ApiKeyEndpoints.RotateAsync).Describe(ApiKeyEndpoints.RotateAsync).WithName("SentiMail.ApiKeys.Rotate")
            .WithSummary("Replaces a key: answers the new one and revokes the old one.")
            .Produces<IEndpointConventionBuilder, CreatedApiKey>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapDelete($"{{{ApiKeyEndpoints.IdRouteValue}}}", ApiKeyEndpoints.RevokeAsync).Describe(ApiKeyEndpoints.RevokeAsync).WithName("SentiMail.ApiKeys.Revoke")
            .WithSummary("Revokes a key.")
            .ProducesEmpty(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }
}
