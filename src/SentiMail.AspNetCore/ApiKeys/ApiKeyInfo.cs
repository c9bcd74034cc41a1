namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>What an API key's owner may see about it: never the secret nor its hash.</summary>
public record ApiKeyInfo
{
    /// <summary>Gets the public key id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the id of the user who owns the key.</summary>
    public required string OwnerId { get; init; }

    /// <summary>Gets the name the owner gave the key.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the granted scopes.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>Gets when the key was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the key stops working, or <see langword="null"/> if it never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets when the key was revoked, or <see langword="null"/>.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Gets when the key was last used (to the minute), or <see langword="null"/>.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>Gets the id of the key that replaced this one by rotation, if any.</summary>
    public string? ReplacedBy { get; init; }

    /// <summary>Copies the public part of a stored key.</summary>
    /// <param name="record">The stored key.</param>
    /// <returns>The key without its hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public static ApiKeyInfo FromRecord(ApiKeyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ApiKeyInfo
        {
            Id = record.Id,
            OwnerId = record.OwnerId,
            Name = record.Name,
            Scopes = record.Scopes,
            CreatedAt = record.CreatedAt,
            ExpiresAt = record.ExpiresAt,
            RevokedAt = record.RevokedAt,
            LastUsedAt = record.LastUsedAt,
            ReplacedBy = record.ReplacedBy,
        };
    }
}
