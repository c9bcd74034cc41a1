using SentiMail.AspNetCore.ApiKeys;

namespace SentiMail.AspNetCore.Tests.ApiKeys;

/// <summary>An <see cref="InMemoryApiKeyStore"/> that counts calls.</summary>
internal sealed class CountingApiKeyStore : IApiKeyStore
{
    private readonly InMemoryApiKeyStore _inner = new();
    private int _finds;
    private int _lastUsedUpdates;

    public int Finds => _finds;

    public int LastUsedUpdates => _lastUsedUpdates;

    public Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _finds);
        return _inner.FindAsync(id, cancellationToken);
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? ownerId, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(ownerId, cancellationToken);

    public Task<bool> TryAddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default) =>
        _inner.TryAddAsync(key, cancellationToken);

    public Task<bool> TryRevokeAsync(string id, DateTimeOffset revokedAt, string? replacedBy, CancellationToken cancellationToken = default) =>
        _inner.TryRevokeAsync(id, revokedAt, replacedBy, cancellationToken);

    public Task UpdateLastUsedAsync(string id, DateTimeOffset lastUsedAt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lastUsedUpdates);
        return _inner.UpdateLastUsedAsync(id, lastUsedAt, cancellationToken);
    }
}
