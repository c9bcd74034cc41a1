namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>Roles of interactive users (cookie, JWT, …), who carry roles rather than scopes.</summary>
public static class SentiMailRoles
{
    /// <summary>Grants every scope, like <see cref="ApiKeyScopes.Admin"/>.</summary>
    public const string Admin = "admin";

    /// <summary>Grants the analyst scopes: <see cref="ApiKeyScopes.Submit"/>, <see cref="ApiKeyScopes.Read"/> and
    /// <see cref="ApiKeyScopes.ManageKeys"/> (own keys only).</summary>
    public const string Analyst = "analyst";
}
