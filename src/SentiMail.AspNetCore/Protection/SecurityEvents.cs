using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.CrowdSec;

namespace SentiMail.AspNetCore.Protection;

/// <summary>
/// Security events of the HTTP API that are not tied to one component: rejected uploads and rate-limited requests are
/// logged (stable event ids 5200–5299) and, like API-key failures, reported to the CrowdSec watcher when one is
/// registered and <see cref="CrowdSecWatcherOptions.ReportedEvents"/> includes their kind.
/// </summary>
internal static partial class SecurityEvents
{
    private const string LogCategory = "SentiMail.AspNetCore.Security";

    /// <summary>Reports a failed API-key authentication (the handler logs the details itself).</summary>
    public static void AuthenticationFailed(HttpContext context) =>
        Report(context, CrowdSecReportedEvents.AuthenticationFailures, "invalid API key");

    /// <summary>Logs and reports an upload refused with <paramref name="statusCode"/>.</summary>
    public static void UploadRejected(HttpContext context, int statusCode)
    {
        LogUploadRejected(Logger(context), ClientAddress.Normalize(context.Connection.RemoteIpAddress), statusCode);
        Report(context, CrowdSecReportedEvents.RejectedUploads, "rejected upload (" + StatusText(statusCode) + ")");
    }

    /// <summary>Logs and reports a request refused by a rate limit.</summary>
    public static void RateLimited(HttpContext context)
    {
        LogRateLimited(Logger(context), ClientAddress.Normalize(context.Connection.RemoteIpAddress), context.Request.Method);
        Report(context, CrowdSecReportedEvents.RateLimited, "rate limit exceeded");
    }

    private static void Report(HttpContext context, CrowdSecReportedEvents kind, string reason)
    {
        if (context.RequestServices.GetService<ICrowdSecReporter>() is not { } reporter
            || ClientAddress.Unmap(context.Connection.RemoteIpAddress) is not { } address)
        {
            return;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<CrowdSecWatcherOptions>>().Value;
        if ((options.ReportedEvents & kind) != 0)
        {
            reporter.Report(address, reason);
        }
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);

    private static string StatusText(int statusCode) => statusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => "413 too large",
        StatusCodes.Status415UnsupportedMediaType => "415 unsupported media type",
        _ => statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [LoggerMessage(EventId = 5201, EventName = "UploadRejected", Level = LogLevel.Warning,
        Message = "Security: upload from {ClientAddress} rejected with status {StatusCode}.")]
    private static partial void LogUploadRejected(ILogger logger, string clientAddress, int statusCode);

    [LoggerMessage(EventId = 5202, EventName = "RateLimited", Level = LogLevel.Warning,
        Message = "Security: {Method} request from {ClientAddress} refused by a rate limit.")]
    private static partial void LogRateLimited(ILogger logger, string clientAddress, string method);
}
