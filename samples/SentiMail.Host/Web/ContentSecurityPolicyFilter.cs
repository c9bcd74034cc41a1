using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace SentiMail.Host.Web;

/// <summary>
/// Gives the UI's pages their own <c>Content-Security-Policy</c> (<see cref="WebUiOptions.ContentSecurityPolicy"/>).
/// The security-headers middleware adds its headers only where none is set, so every other response (the API, probes)
/// keeps the stricter default.
/// </summary>
internal sealed class ContentSecurityPolicyFilter(IOptions<WebUiOptions> options) : IAlwaysRunResultFilter
{
    /// <inheritdoc/>
    public void OnResultExecuting(ResultExecutingContext context) =>
        context.HttpContext.Response.Headers.ContentSecurityPolicy = options.Value.ContentSecurityPolicy;

    /// <inheritdoc/>
    public void OnResultExecuted(ResultExecutedContext context)
    {
        // Nothing to do once the page is written.
    }
}
