namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>Default values used by API-key authentication.</summary>
public static class ApiKeyDefaults
{
    /// <summary>The default authentication scheme name, <c>ApiKey</c>.</summary>
    public const string AuthenticationScheme = "ApiKey";

    /// <summary>The HTTP authorization scheme accepted in <c>Authorization: ApiKey &lt;key&gt;</c> and sent in <c>WWW-Authenticate</c>.</summary>
    public const string AuthorizationScheme = "ApiKey";

    /// <summary>The authorization scheme of the original system, accepted for compatibility: <c>Authorization: Token &lt;key&gt;</c>.</summary>
    public const string LegacyAuthorizationScheme = "Token";

    /// <summary>The default dedicated header, <c>X-Api-Key</c>.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The prefix of every key, <c>sm_</c>; it lets secret scanners recognise leaked keys.</summary>
    public const string KeyPrefix = "sm_";

    /// <summary>The claim type carrying the id of the key that authenticated the request.</summary>
    public const string KeyIdClaimType = "sentimail:api_key_id";

    /// <summary>The claim type carrying one granted scope (one claim per scope, as in OAuth's <c>scope</c>).</summary>
    public const string ScopeClaimType = "scope";
}
