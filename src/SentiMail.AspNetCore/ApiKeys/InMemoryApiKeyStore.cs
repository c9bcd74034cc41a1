using System.Collections.Concurrent;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>
/// A thread-safe <see cref="IApiKeyStore"/> in process memory, for tests and samples: keys are lost when the process
/// stops. Production applications implement <see cref="IApiKeyStore"/> over their database.
/// </summary>
public sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<string, ApiKeyRecord> _keys = new(StringComparer.Ordinal);

    /// <summary>Gets the number of stored keys, revoked ones included.</summary>
    public int Count => _keys.Count;

    /// <inheritdoc/>
    public Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_keys.GetValueOrDefault(id));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? ownerId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<ApiKeyRecord> keys = [.. _keys.Values
            .Where(k => ownerId is null || string.Equals(k.OwnerId, ownerId, StringComparison.Ordinal))
            .OrderBy(k => k.CreatedAt)
            .ThenBy(k => k.Id, StringComparer.Ordinal)];
        return Task.FromResult(keys);
    }

    /// <inheritdoc/>
    public Task<bool> TryAddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_keys.TryAdd(key.Id, key));
    }

    /// <inheritdoc/>
    public Task<bool> TryRevokeAsync(string id, DateTimeOffset revokedAt, string? replacedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        while (_keys.TryGetValue(id, out var current) && current.RevokedAt is null)
        {
            if (_keys.TryUpdate(id, current with { RevokedAt = revokedAt, ReplacedBy = replacedBy }, current))
            {
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }

    /// <inheritdoc/>
    public Task UpdateLastUsedAsync(string id, DateTimeOffset lastUsedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        while (_keys.TryGetValue(id, out var current) && (current.LastUsedAt is null || current.LastUsedAt < lastUsedAt))
        {
            if (_keys.TryUpdate(id, current with { LastUsedAt = lastUsedAt }, current))
            {
                break;
            }
        }

        return Task.CompletedTask;
    }
}
