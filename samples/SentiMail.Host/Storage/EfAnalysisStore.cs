using Microsoft.EntityFrameworkCore;
using SentiMail.AspNetCore.Analyses;
using SentiMail.Host.Encryption;
using SentiMail.Reporting;
using SentiMail.Scoring;

namespace SentiMail.Host.Storage;

/// <summary>
/// <see cref="IAnalysisStore"/> over EF Core (SQLite or PostgreSQL). Raw messages are sealed with
/// <see cref="RawMessageProtector"/> before they reach the database and opened on read.
/// </summary>
internal sealed class EfAnalysisStore(
    IDbContextFactory<SentiMailDbContext> contextFactory,
    RawMessageProtector protector,
    TimeProvider timeProvider,
    ILogger<EfAnalysisStore> logger) : IAnalysisStore
{
    public async Task SaveAsync(StoredAnalysis analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var entity = new AnalysisEntity
        {
            Id = analysis.Id,
            OwnerId = analysis.OwnerId,
            CreatedAt = analysis.CreatedAt.ToUniversalTime(),
            Verdict = (int)analysis.Verdict,
            Score = analysis.Score,
            SourceFileName = analysis.SourceFileName,
            ReportJson = AnalysisReportJson.Serialize(analysis.Report),
        };
        if (!analysis.RawMessage.IsEmpty)
        {
            (entity.RawMessageCiphertext, entity.RawMessageKeyId) = protector.Protect(analysis.RawMessage.Span, analysis.Id);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Analyses.Add(entity);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredAnalysis?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entity = await db.Analyses.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : ToStored(entity, withRawMessage: true);
    }

    public async Task<AnalysisPage> ListAsync(AnalysisQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = db.Analyses.AsNoTracking();
        if (query.OwnerId is { } owner)
        {
            rows = rows.Where(a => a.OwnerId == owner);
        }

        if (query.Verdict is { } verdict)
        {
            var value = (int)verdict;
            rows = rows.Where(a => a.Verdict == value);
        }

        if (query.From is { } from)
        {
            var utc = from.ToUniversalTime();
            rows = rows.Where(a => a.CreatedAt >= utc);
        }

        if (query.To is { } to)
        {
            var utc = to.ToUniversalTime();
            rows = rows.Where(a => a.CreatedAt < utc);
        }

        var total = await rows.CountAsync(cancellationToken).ConfigureAwait(false);
        var skip = (int)Math.Min((long)(query.Page - 1) * query.PageSize, int.MaxValue);
        // The list shows reports only: raw messages are neither read nor decrypted.
        var page = await rows
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Skip(skip).Take(query.PageSize)
            .Select(a => new AnalysisEntity
            {
                Id = a.Id, OwnerId = a.OwnerId, CreatedAt = a.CreatedAt, Verdict = a.Verdict, Score = a.Score,
                SourceFileName = a.SourceFileName, ReportJson = a.ReportJson,
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AnalysisPage([.. page.Select(e => ToStored(e, withRawMessage: false))], total);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Analyses.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Drops the raw messages of analyses created before <paramref name="cutoff"/>; reports stay.</summary>
    /// <param name="cutoff">The creation time before which raw messages go.</param>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>How many raw messages were purged.</returns>
    public async Task<int> PurgeRawMessagesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var utc = cutoff.ToUniversalTime();
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Analyses
            .Where(a => a.CreatedAt < utc && a.RawMessageCiphertext != null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.RawMessageCiphertext, (byte[]?)null)
                .SetProperty(a => a.RawMessageKeyId, (string?)null)
                .SetProperty(a => a.RawMessagePurgedAt, now), cancellationToken)
            .ConfigureAwait(false);
    }

    private StoredAnalysis ToStored(AnalysisEntity entity, bool withRawMessage)
    {
        ReadOnlyMemory<byte> raw = default;
        if (withRawMessage && entity.RawMessageCiphertext is { } sealedMessage && entity.RawMessageKeyId is { } keyId)
        {
            try
            {
                raw = protector.Unprotect(sealedMessage, keyId, entity.Id);
            }
            catch (RawMessageDecryptionException ex)
            {
                // The report is still good: serve it, and say loudly that the raw message is unreadable.
                HostLog.RawMessageDecryptionFailed(logger, ex, entity.Id);
            }
        }

        return new StoredAnalysis
        {
            Id = entity.Id,
            OwnerId = entity.OwnerId,
            CreatedAt = entity.CreatedAt.ToUniversalTime(),
            Report = AnalysisReportJson.Deserialize(entity.ReportJson),
            Verdict = (Verdict)entity.Verdict,
            Score = entity.Score,
            SourceFileName = entity.SourceFileName,
            RawMessage = raw,
        };
    }
}
