namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>
/// Persists API keys. Implementations keep only what <see cref="ApiKeyRecord"/> holds (a hash, never a secret), must be
/// safe for concurrent use and make <see cref="TryAddAsync"/> and <see cref="TryRevokeAsync"/> atomic
/// (for SQL: a unique id and <c>UPDATE … WHERE revoked_at IS NULL</c>).
/// </summary>
public interface IApiKeyStore
{
    /// <summary>Finds a key by id.</summary>
    /// <param name="id">The key id (compared ordinally).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The key, or <see langword="null"/> when no key has this id.</returns>
    Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists keys, revoked and expired ones included.</summary>
    /// <param name="ownerId">The owner whose keys to list, or <see langword="null"/> for every owner's.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The keys, oldest first.</returns>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? ownerId, CancellationToken cancellationToken = default);

    /// <summary>Adds a key unless one with the same id exists.</summary>
    /// <param name="key">The key to add.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the id is taken.</returns>
    Task<bool> TryAddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default);

    /// <summary>Marks a key revoked if it is not already.</summary>
    /// <param name="id">The key id.</param>
    /// <param name="revokedAt">The revocation time.</param>
    /// <param name="replacedBy">The id of the key replacing it (rotation), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when this call revoked the key; <see langword="false"/> when it does not exist or was already revoked.</returns>
    Task<bool> TryRevokeAsync(string id, DateTimeOffset revokedAt, string? replacedBy, CancellationToken cancellationToken = default);

    /// <summary>Records that a key authenticated a request. Only <see cref="ApiKeyRecord.LastUsedAt"/> changes.</summary>
    /// <param name="id">The key id.</param>
    /// <param name="lastUsedAt">The time of use.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the time is stored.</returns>
    Task UpdateLastUsedAsync(string id, DateTimeOffset lastUsedAt, CancellationToken cancellationToken = default);
}
