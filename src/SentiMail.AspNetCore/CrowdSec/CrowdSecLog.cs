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
}
