namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>The JSON body of <c>POST {prefix}</c>: the owner is always the caller.</summary>
internal sealed class ApiKeyCreateBody
{
    public string? Name { get; set; }

    public IReadOnlyList<string>? Scopes { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }
}
