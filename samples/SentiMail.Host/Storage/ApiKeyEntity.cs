namespace SentiMail.Host.Storage;

/// <summary>One row of the <c>ApiKeys</c> table (an <c>ApiKeyRecord</c>: a hash, never the secret).</summary>
internal sealed class ApiKeyEntity
{
    public string Id { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Gets or sets the scopes separated by spaces.</summary>
    public string Scopes { get; set; } = "";

    public byte[] SecretHash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public string? ReplacedBy { get; set; }
}
