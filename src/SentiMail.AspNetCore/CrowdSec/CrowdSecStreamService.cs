using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>
/// Stream mode: pulls <c>/v1/decisions/stream?startup=true</c> at start (and after any failure, so no change is
/// missed), then <c>startup=false</c> every <see cref="CrowdSecBouncerOptions.StreamInterval"/>. Does nothing in live mode.
/// Never throws: a failed pull is logged and retried at the next tick.
/// </summary>
internal sealed class CrowdSecStreamService(
    CrowdSecLapiClient client,
    CrowdSecDecisionStore store,
    IOptions<CrowdSecBouncerOptions> options,
    TimeProvider timeProvider,
    ILogger<CrowdSecStreamService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Mode != CrowdSecBouncerMode.Stream)
        {
            return;
        }

        var startup = true;
        using var timer = new PeriodicTimer(options.Value.StreamInterval, timeProvider);
        try
        {
            do
            {
                var outcome = await client.GetStreamAsync(startup, stoppingToken).ConfigureAwait(false);
                if (outcome.Succeeded)
                {
                    var ignored = store.Apply(outcome.Value, startup);
                    CrowdSecLog.StreamPulled(logger, startup, outcome.Value?.New?.Count ?? 0, outcome.Value?.Deleted?.Count ?? 0, store.Count);
                    if (ignored > 0)
                    {
                        CrowdSecLog.StreamLimitReached(logger, ignored, options.Value.MaxStreamDecisions);
                    }

                    startup = false;
                }
                else
                {
                    CrowdSecLog.StreamPullFailed(logger, outcome.Error!);
                    startup = true;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }
}
