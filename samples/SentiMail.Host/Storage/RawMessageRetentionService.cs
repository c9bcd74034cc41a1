using Microsoft.Extensions.Options;

namespace SentiMail.Host.Storage;

/// <summary>Purges raw messages older than <see cref="StorageOptions.RawMessageRetention"/> every
/// <see cref="StorageOptions.PurgeInterval"/> (first run at start-up); reports are kept.</summary>
internal sealed class RawMessageRetentionService(
    EfAnalysisStore store,
    IOptions<StorageOptions> options,
    TimeProvider timeProvider,
    ILogger<RawMessageRetentionService> logger) : BackgroundService
{
    /// <summary>Runs one purge now.</summary>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>How many raw messages were purged.</returns>
    public async Task<int> PurgeOnceAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = timeProvider.GetUtcNow() - options.Value.RawMessageRetention;
        var count = await store.PurgeRawMessagesAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (count > 0)
        {
            HostLog.RawMessagesPurged(logger, count, cutoff);
        }

        return count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PurgeInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                HostLog.RawMessagePurgeFailed(logger, ex, interval);
            }

            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
