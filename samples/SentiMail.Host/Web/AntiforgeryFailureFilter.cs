using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using SentiMail.Host.Protection;

namespace SentiMail.Host.Web;

/// <summary>
/// Logs a form post that Razor Pages refused for a missing or invalid antiforgery token (event 5641,
/// <c>AntiforgeryRejected</c>, with the client address): a cross-site request forgery attempt, or a page left open
/// past its token. The upload page checks its token itself and logs its refusals as 5640.
/// </summary>
internal sealed class AntiforgeryFailureFilter(ILogger<AntiforgeryFailureFilter> logger) : IAlwaysRunResultFilter
{
    /// <inheritdoc/>
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            var request = context.HttpContext.Request;
            HostLog.AntiforgeryRejected(logger, request.Method, request.Path.Value ?? "/", ClientAddresses.Text(context.HttpContext));
        }
    }

    /// <inheritdoc/>
    public void OnResultExecuted(ResultExecutedContext context)
    {
        // Logged before the 400 is written.
    }
}
