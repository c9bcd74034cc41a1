using System.Net;
using Microsoft.Extensions.Logging;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>Source-generated log messages of the CrowdSec integration (event ids 100–199).</summary>
internal static partial class CrowdSecLog
{
    [LoggerMessage(EventId = 100, EventName = "CrowdSecRequestBlocked", Level = LogLevel.Warning,
        Message = "Security: blocked a request from {ClientIp} ({Method} {Path}): CrowdSec ban ({Scenario})")]
    public static partial void RequestBlocked(ILogger logger, IPAddress clientIp, string method, string path, string? scenario);

    [LoggerMessage(EventId = 101, EventName = "CrowdSecFailOpen", Level = LogLevel.Warning,
        Message = "Security: CrowdSec LAPI unavailable ({Reason}); request from {ClientIp} allowed (fail-open)")]
    public static partial void FailOpen(ILogger logger, string reason, IPAddress clientIp);

    [LoggerMessage(EventId = 102, EventName = "CrowdSecFailClosed", Level = LogLevel.Warning,
        Message = "Security: CrowdSec LAPI unavailable ({Reason}); request from {ClientIp} refused with 503 (fail-closed)")]
    public static partial void FailClosed(ILogger logger, string reason, IPAddress clientIp);

    [LoggerMessage(EventId = 103, EventName = "CrowdSecNoClientAddress", Level = LogLevel.Debug,
        Message = "The request has no client address; the CrowdSec bouncer lets it pass")]
    public static partial void NoClientAddress(ILogger logger);

    [LoggerMessage(EventId = 110, EventName = "CrowdSecStreamPulled", Level = LogLevel.Debug,
        Message = "CrowdSec decision stream pulled (startup: {Startup}): {New} new, {Deleted} deleted, {Total} bans held")]
    public static partial void StreamPulled(ILogger logger, bool startup, int @new, int deleted, int total);

    [LoggerMessage(EventId = 111, EventName = "CrowdSecStreamPullFailed", Level = LogLevel.Warning,
        Message = "CrowdSec decision stream pull failed ({Reason}); the next pull is a full resync")]
    public static partial void StreamPullFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 112, EventName = "CrowdSecStreamLimitReached", Level = LogLevel.Warning,
        Message = "CrowdSec decision stream: {Ignored} new decisions ignored, MaxStreamDecisions ({Max}) reached")]
    public static partial void StreamLimitReached(ILogger logger, int ignored, int max);

    [LoggerMessage(EventId = 120, EventName = "CrowdSecWatcherLoggedIn", Level = LogLevel.Debug,
        Message = "CrowdSec watcher logged in as {MachineId}; token valid until {Expire}")]
    public static partial void WatcherLoggedIn(ILogger logger, string machineId, DateTimeOffset expire);

    [LoggerMessage(EventId = 121, EventName = "CrowdSecWatcherLoginFailed", Level = LogLevel.Warning,
        Message = "CrowdSec watcher login as {MachineId} failed ({Reason}); {Pending} alerts retried at the next flush")]
    public static partial void WatcherLoginFailed(ILogger logger, string machineId, string reason, int pending);

    [LoggerMessage(EventId = 122, EventName = "CrowdSecWatcherAlertsPosted", Level = LogLevel.Warning,
        Message = "Security: reported {Count} abusive addresses to CrowdSec ({Scenario}, ban {BanDuration}): {Addresses}")]
    public static partial void WatcherAlertsPosted(ILogger logger, int count, string scenario, TimeSpan banDuration, string addresses);

    [LoggerMessage(EventId = 123, EventName = "CrowdSecWatcherPostFailed", Level = LogLevel.Warning,
        Message = "CrowdSec watcher could not post {Pending} alerts ({Reason}); retried at the next flush")]
    public static partial void WatcherPostFailed(ILogger logger, int pending, string reason);

    [LoggerMessage(EventId = 124, EventName = "CrowdSecWatcherEventsDropped", Level = LogLevel.Warning,
        Message = "CrowdSec watcher queue full: {Dropped} reported events dropped (QueueCapacity {Capacity})")]
    public static partial void WatcherEventsDropped(ILogger logger, long dropped, int capacity);

    [LoggerMessage(EventId = 125, EventName = "CrowdSecWatcherTrackingReset", Level = LogLevel.Warning,
        Message = "CrowdSec watcher tracked MaxTrackedAddresses ({Max}) addresses with live windows; counts were reset")]
    public static partial void WatcherTrackingReset(ILogger logger, int max);

    [LoggerMessage(EventId = 126, EventName = "CrowdSecWatcherFlushFailed", Level = LogLevel.Error,
        Message = "CrowdSec watcher flush failed unexpectedly; retried at the next flush")]
    public static partial void WatcherFlushFailed(ILogger logger, Exception exception);
}
