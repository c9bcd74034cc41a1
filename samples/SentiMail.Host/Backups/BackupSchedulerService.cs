using Microsoft.Extensions.Options;

namespace SentiMail.Host.Backups;

/// <summary>Runs <see cref="BackupManager.BackupNowAsync"/> every day at <see cref="BackupOptions.DailyAt"/> (UTC).</summary>
internal sealed class BackupSchedulerService(
    BackupManager manager,
    IOptions<BackupOptions> options,
    TimeProvider timeProvider,
    ILogger<BackupSchedulerService> logger) : BackgroundService
{
    /// <summary>Gets the next run time strictly after <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="dailyAt">The time of day, UTC.</param>
    /// <returns>The next run.</returns>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeSpan dailyAt)
    {
        var utc = now.ToUniversalTime();
        var today = new DateTimeOffset(utc.Date, TimeSpan.Zero) + dailyAt;
        return today > utc ? today : today.AddDays(1);
    }

    /// <summary>Gets or sets a callback told the next run time once the service waits for it (tests).</summary>
    internal Action<DateTimeOffset>? Waiting { get; set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = timeProvider.GetUtcNow();
            var next = NextRun(now, options.Value.DailyAt);
            try
            {
                var delay = Task.Delay(next - now, timeProvider, stoppingToken);
                Waiting?.Invoke(next);
                await delay.ConfigureAwait(false);
                await manager.BackupNowAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                HostLog.BackupFailed(logger, ex, NextRun(timeProvider.GetUtcNow(), options.Value.DailyAt));
            }
        }
    }
}
