using Microsoft.Extensions.Logging;

namespace SentiMail.Kubernetes;

/// <summary>Source-generated log messages of the probes (event ids 6001–6099).</summary>
internal static partial class ProbeLog
{
    [LoggerMessage(EventId = 6001, EventName = "SentiMailWarmUpCompleted", Level = LogLevel.Information,
        Message = "SentiMail warm-up completed in {ElapsedMs:0} ms; the startup and readiness probes pass")]
    public static partial void WarmUpCompleted(ILogger logger, double elapsedMs);

    [LoggerMessage(EventId = 6002, EventName = "SentiMailWarmUpFailed", Level = LogLevel.Error,
        Message = "SentiMail warm-up failed while {Stage}; the startup and readiness probes fail until the process restarts")]
    public static partial void WarmUpFailed(ILogger logger, string stage, Exception exception);

    [LoggerMessage(EventId = 6003, EventName = "SentiMailWarmUpTimedOut", Level = LogLevel.Error,
        Message = "SentiMail warm-up timed out after {Timeout} while {Stage}; the startup and readiness probes fail until the process restarts")]
    public static partial void WarmUpTimedOut(ILogger logger, string stage, TimeSpan timeout);

    [LoggerMessage(EventId = 6010, EventName = "SentiMailDrainStarted", Level = LogLevel.Information,
        Message = "Shutting down: the readiness probe now fails")]
    public static partial void DrainStarted(ILogger logger);

    [LoggerMessage(EventId = 6011, EventName = "SentiMailDrainWaiting", Level = LogLevel.Information,
        Message = "Draining for {Delay} before the server stops accepting connections")]
    public static partial void DrainWaiting(ILogger logger, TimeSpan delay);

    [LoggerMessage(EventId = 6012, EventName = "SentiMailDrainSkipped", Level = LogLevel.Information,
        Message = "No drain delay: the application never became ready")]
    public static partial void DrainSkipped(ILogger logger);

    [LoggerMessage(EventId = 6013, EventName = "SentiMailDrainCut", Level = LogLevel.Warning,
        Message = "The drain delay was cut short by the host's shutdown timeout")]
    public static partial void DrainCut(ILogger logger);
}
