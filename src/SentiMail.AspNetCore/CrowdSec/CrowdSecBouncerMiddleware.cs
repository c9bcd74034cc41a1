using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>
/// Blocks clients that have a CrowdSec <c>ban</c> decision with <see cref="CrowdSecBouncerOptions.BlockStatusCode"/>
/// and a ProblemDetails body; when the LAPI cannot answer, lets the request pass (fail-open) or answers 503.
/// </summary>
internal sealed class CrowdSecBouncerMiddleware(
    RequestDelegate next,
    ICrowdSecDecisionSource source,
    IOptions<CrowdSecBouncerOptions> options,
    ILogger<CrowdSecBouncerMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            CrowdSecLog.NoClientAddress(logger);
            await next(context).ConfigureAwait(false);
            return;
        }

        address = CrowdSecDecisionStore.Normalize(address);
        CrowdSecVerdict verdict;
        try
        {
            verdict = await source.CheckAsync(address, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The client went away.
        }

        switch (verdict.Kind)
        {
            case CrowdSecVerdictKind.Ban:
                CrowdSecLog.RequestBlocked(logger, address, context.Request.Method, context.Request.Path.Value ?? "/", verdict.Detail);
                await WriteProblemAsync(context, options.Value.BlockStatusCode, "Forbidden", "Requests from your address are blocked.").ConfigureAwait(false);
                return;
            case CrowdSecVerdictKind.Unavailable when !options.Value.FailOpen:
                CrowdSecLog.FailClosed(logger, verdict.Detail ?? "unknown", address);
                await WriteProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable", "The service cannot check your request right now; try again later.").ConfigureAwait(false);
                return;
            case CrowdSecVerdictKind.Unavailable:
                CrowdSecLog.FailOpen(logger, verdict.Detail ?? "unknown", address);
                break;
            default:
                break;
        }

        await next(context).ConfigureAwait(false);
    }

    private static Task WriteProblemAsync(HttpContext context, int statusCode, string title, string detail)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Problem(statusCode: statusCode, title: title, detail: detail).ExecuteAsync(context);
    }
}
