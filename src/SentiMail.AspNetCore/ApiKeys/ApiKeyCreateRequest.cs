namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>What <see cref="ApiKeyService.CreateAsync"/> needs to create a key.</summary>
public sealed record ApiKeyCreateRequest
{
    /// <summary>Gets the id of the user who will own the key.</summary>
    public required string OwnerId { get; init; }

    /// <summary>Gets the key's name: 1 to 100 characters, no control characters.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the scopes to grant: at least one, each in <see cref="ApiKeyScopes.All"/>.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>Gets when the key should expire; <see langword="null"/> uses <see cref="ApiKeyOptions.DefaultLifetime"/>.
    /// Must be in the future and within <see cref="ApiKeyOptions.MaxLifetime"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
