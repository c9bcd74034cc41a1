namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>The scopes an API key can be granted.</summary>
public static class ApiKeyScopes
{
    /// <summary>Submit messages for analysis.</summary>
    public const string Submit = "analyses:submit";

    /// <summary>Read analysis results.</summary>
    public const string Read = "analyses:read";

    /// <summary>Create, list, rotate and revoke one's own API keys.</summary>
    public const string ManageKeys = "keys:manage";

    /// <summary>Everything, including other users' keys.</summary>
    public const string Admin = "admin";

    /// <summary>Gets every known scope.</summary>
    /// <value>The four scopes, in a fixed order.</value>
    public static IReadOnlyList<string> All { get; } = [Submit, Read, ManageKeys, Admin];

    /// <summary>Tells whether <paramref name="scope"/> is a known scope (compared ordinally).</summary>
    /// <param name="scope">The scope to check.</param>
    /// <returns><see langword="true"/> when the scope is one of <see cref="All"/>.</returns>
    public static bool IsKnown(string? scope) =>
        scope is Submit or Read or ManageKeys or Admin;
}
