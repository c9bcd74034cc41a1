namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>Names of the authorization policies registered by <c>AddSentiMailAuthorization()</c>.</summary>
/// <remarks>Each policy requires an authenticated user and one scope (see <see cref="ScopeRequirement"/>); role
/// <see cref="SentiMailRoles.Admin"/> or scope <see cref="ApiKeyScopes.Admin"/> passes every policy.</remarks>
public static class SentiMailPolicies
{
    /// <summary>Requires <see cref="ApiKeyScopes.Submit"/>.</summary>
    public const string Submit = "SentiMail.Submit";

    /// <summary>Requires <see cref="ApiKeyScopes.Read"/>.</summary>
    public const string Read = "SentiMail.Read";

    /// <summary>Requires <see cref="ApiKeyScopes.ManageKeys"/>.</summary>
    public const string ManageKeys = "SentiMail.ManageKeys";

    /// <summary>Requires <see cref="ApiKeyScopes.Admin"/>.</summary>
    public const string Admin = "SentiMail.Admin";
}
