using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>Requires that the user holds a scope, whatever the authentication scheme.</summary>
/// <remarks>
/// <para>A user holds a scope when one of its <see cref="ApiKeyDefaults.ScopeClaimType"/> claims names it (a claim may
/// list several scopes separated by spaces, as OAuth access tokens do), when it holds <see cref="ApiKeyScopes.Admin"/>,
/// or through its roles: <see cref="SentiMailRoles.Admin"/> grants everything and <see cref="SentiMailRoles.Analyst"/>
/// the analyst scopes. A user with neither scopes nor roles holds nothing.</para>
/// </remarks>
public sealed class ScopeRequirement : IAuthorizationRequirement
{
    private static readonly string[] s_analystScopes = [ApiKeyScopes.Submit, ApiKeyScopes.Read, ApiKeyScopes.ManageKeys];

    /// <summary>Initializes a new instance of the <see cref="ScopeRequirement"/> class.</summary>
    /// <param name="scope">The required scope, one of <see cref="ApiKeyScopes.All"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="scope"/> is not a known scope.</exception>
    public ScopeRequirement(string scope)
    {
        if (!ApiKeyScopes.IsKnown(scope))
        {
            throw new ArgumentException($"Unknown scope '{scope}'; use one of {string.Join(", ", ApiKeyScopes.All)}.", nameof(scope));
        }

        Scope = scope;
    }

    /// <summary>Gets the required scope.</summary>
    public string Scope { get; }

    /// <summary>Tells whether <paramref name="user"/> holds <paramref name="scope"/> (see the remarks of <see cref="ScopeRequirement"/>).</summary>
    /// <param name="user">The user.</param>
    /// <param name="scope">The scope.</param>
    /// <returns><see langword="true"/> when the user holds the scope.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static bool IsGranted(ClaimsPrincipal user, string scope)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(scope);
        if (user.Identities.All(i => !i.IsAuthenticated))
        {
            return false;
        }

        if (user.IsInRole(SentiMailRoles.Admin) || HasScopeClaim(user, ApiKeyScopes.Admin) || HasScopeClaim(user, scope))
        {
            return true;
        }

        return user.IsInRole(SentiMailRoles.Analyst) && s_analystScopes.Contains(scope, StringComparer.Ordinal);
    }

    private static bool HasScopeClaim(ClaimsPrincipal user, string scope)
    {
        foreach (var claim in user.FindAll(ApiKeyDefaults.ScopeClaimType))
        {
            foreach (var part in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(part, scope, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
