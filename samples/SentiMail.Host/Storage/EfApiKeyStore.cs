using Microsoft.EntityFrameworkCore;
using SentiMail.AspNetCore.ApiKeys;

namespace SentiMail.Host.Storage;

/// <summary><see cref="IApiKeyStore"/> over EF Core: the key id is the primary key (atomic add), revocation is one
/// <c>UPDATE … WHERE RevokedAt IS NULL</c> (atomic revoke).</summary>
internal sealed class EfApiKeyStore(IDbContextFactory<SentiMailDbContext> contextFactory) : IApiKeyStore
{
    public async Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entity = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : ToRecord(entity);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = db.ApiKeys.AsNoTracking();
        if (ownerId is not null)
        {
            rows = rows.Where(k => k.OwnerId == ownerId);
        }

        var list = await rows.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. list.Select(ToRecord)];
    }

    public async Task<bool> TryAddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.ApiKeys.Add(new ApiKeyEntity
        {
            Id = key.Id,
            OwnerId = key.OwnerId,
            Name = key.Name,
            Scopes = string.Join(' ', key.Scopes),
            SecretHash = key.SecretHash.ToArray(),
            CreatedAt = key.CreatedAt.ToUniversalTime(),
            ExpiresAt = key.ExpiresAt?.ToUniversalTime(),
            RevokedAt = key.RevokedAt?.ToUniversalTime(),
            LastUsedAt = key.LastUsedAt?.ToUniversalTime(),
            ReplacedBy = key.ReplacedBy,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            // The primary key decides: a concurrent add of the same id loses here.
            if (await db.ApiKeys.AsNoTracking().AnyAsync(k => k.Id == key.Id, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            throw;
        }
    }

    public async Task<bool> TryRevokeAsync(string id, DateTimeOffset revokedAt, string? replacedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var utc = revokedAt.ToUniversalTime();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var changed = await db.ApiKeys
            .Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, utc).SetProperty(k => k.ReplacedBy, replacedBy), cancellationToken)
            .ConfigureAwait(false);
        return changed == 1;
    }

    public async Task UpdateLastUsedAsync(string id, DateTimeOffset lastUsedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var utc = lastUsedAt.ToUniversalTime();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.ApiKeys
            .Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt < utc))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, utc), cancellationToken)
            .ConfigureAwait(false);
    }

    private static ApiKeyRecord ToRecord(ApiKeyEntity e) => new()
    {
        Id = e.Id,
        OwnerId = e.OwnerId,
        Name = e.Name,
        Scopes = e.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        SecretHash = e.SecretHash,
        CreatedAt = e.CreatedAt.ToUniversalTime(),
        ExpiresAt = e.ExpiresAt?.ToUniversalTime(),
        RevokedAt = e.RevokedAt?.ToUniversalTime(),
        LastUsedAt = e.LastUsedAt?.ToUniversalTime(),
        ReplacedBy = e.ReplacedBy,
    };
}
