using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.CrowdSec;
using SentiMail.Host.Protection;

namespace SentiMail.Host.Web;

/// <summary>Reports the host's own security events (failed sign-ins, refused web uploads) to the CrowdSec watcher,
/// when one is configured and its <see cref="CrowdSecWatcherOptions.ReportedEvents"/> include their kind, as the
/// AspNetCore package does for API keys and API uploads.</summary>
internal static class CrowdSecReport
{
    /// <summary>Queues one event from the request's client address (never blocks, never throws).</summary>
    /// <param name="context">The request.</param>
    /// <param name="kind">The kind of event.</param>
    /// <param name="reason">A short description for the alert.</param>
    public static void Send(HttpContext context, CrowdSecReportedEvents kind, string reason)
    {
        var address = ClientAddresses.Of(context);
        if (address is null || context.RequestServices.GetService<ICrowdSecReporter>() is not { } reporter)
        {
            return;
        }

        if ((context.RequestServices.GetRequiredService<IOptions<CrowdSecWatcherOptions>>().Value.ReportedEvents & kind) != 0)
        {
            reporter.Report(address, reason);
        }
    }
}
