namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>
/// An API key as kept by an <see cref="IApiKeyStore"/>: everything but the secret, which is only present as a hash.
/// </summary>
public sealed record ApiKeyRecord
{
    /// <summary>Gets the public key id (the lookup key), part of the key text <c>sm_&lt;id&gt;_&lt;secret&gt;</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the id of the user who owns the key.</summary>
    public required string OwnerId { get; init; }

    /// <summary>Gets the name the owner gave the key.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the granted scopes (see <see cref="ApiKeyScopes"/>).</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>Gets the hash of the secret: SHA-256, or HMAC-SHA-256 keyed with <see cref="ApiKeyOptions.Pepper"/>.</summary>
    public required ReadOnlyMemory<byte> SecretHash { get; init; }

    /// <summary>Gets when the key was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the key stops working, or <see langword="null"/> if it never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets when the key was revoked, or <see langword="null"/> if it is not revoked.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Gets when the key last authenticated a request (updated at most once per
    /// <see cref="ApiKeyOptions.LastUsedUpdateInterval"/>), or <see langword="null"/> if never.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>Gets the id of the key that replaced this one by rotation, if any.</summary>
    public string? ReplacedBy { get; init; }

    /// <summary>Tells whether the key is neither revoked nor expired at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="true"/> when the key can authenticate requests.</returns>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
