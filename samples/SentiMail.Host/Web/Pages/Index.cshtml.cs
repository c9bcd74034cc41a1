using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.Protection;

namespace SentiMail.Host.Web.Pages;

/// <summary>
/// The upload page: a form with a file input (drag and drop is added by <c>/js/upload.js</c>). A signed-in user's
/// analysis is stored and shown on its own page; an anonymous visitor's is shown in the answer and never stored.
/// </summary>
/// <remarks>The antiforgery token is checked by <see cref="OnPostAsync"/> itself, after the quota and the bounded read
/// of the form, so that an oversized or malformed upload gets its own error page instead of a bare 400.</remarks>
[IgnoreAntiforgeryToken]
internal sealed class IndexModel(
    WebUpload upload,
    SentiMailSubmitQuota quota,
    IAntiforgery antiforgery,
    IAnalysisStore store,
    TimeProvider time,
    IOptions<WebUiOptions> ui,
    IOptions<SentiMailRateLimitOptions> limits) : PageModel
{
    /// <summary>Gets why the last upload was refused, if it was.</summary>
    public UploadProblem? Problem { get; private set; }

    /// <summary>Gets the result of an anonymous upload (shown once, not stored).</summary>
    public ReportView? Result { get; private set; }

    /// <summary>Gets whether the visitor is signed in.</summary>
    public bool SignedIn => UserId is not null;

    /// <summary>Gets how many uploads an anonymous visitor may make per window.</summary>
    public int AnonymousLimit => limits.Value.PerIpPermitLimit;

    /// <summary>Gets the anonymous quota's window in words.</summary>
    public string AnonymousWindow => limits.Value.PerIpWindow == TimeSpan.FromDays(1) ? "day" : UploadProblem.Duration(limits.Value.PerIpWindow);

    /// <summary>Gets the largest message analysed, in MiB.</summary>
    public string MaxMessageSize => (upload.MaxMessageBytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";

    /// <summary>Gets whether anonymous uploads are allowed.</summary>
    public bool AnonymousAllowed => ui.Value.AllowAnonymousUpload;

    private string? UserId => User.Identity?.IsAuthenticated == true ? User.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>Counts the upload, reads the form (bounded), checks its antiforgery token and analyses the file.</summary>
    /// <returns>The result page (stored analysis), this page with the anonymous result, or this page with the problem.</returns>
    public async Task<IActionResult> OnPostAsync()
    {
        // A form posted from another site is refused before it can use up the visitor's anonymous quota.
        if (string.Equals(Request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(UploadProblem.CrossSite);
        }

        using (var lease = quota.AttemptAcquireUpload(HttpContext))
        {
            if (!lease.IsAcquired)
            {
                TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
                if (retryAfter is { } seconds)
                {
                    Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(seconds.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                // The quota logs the refusal as a rate-limit security event.
                return Show(UploadProblem.TooManyUploads(retryAfter, SignedIn));
            }
        }

        var (form, problem) = await upload.ReadFormAsync(HttpContext).ConfigureAwait(false);
        if (form is null)
        {
            return Refuse(problem!);
        }

        try
        {
            await antiforgery.ValidateRequestAsync(HttpContext).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return Refuse(UploadProblem.Antiforgery);
        }

        var (report, raw, fileName, rejection) = await upload.AnalyzeAsync(form, HttpContext.RequestAborted).ConfigureAwait(false);
        if (report is null)
        {
            return Refuse(rejection!);
        }

        var now = time.GetUtcNow();
        Response.Headers.CacheControl = "no-store";
        if (UserId is not { } owner)
        {
            Result = new ReportView(report, null, now, fileName);
            return Page();
        }

        var analysis = new StoredAnalysis
        {
            Id = Guid.NewGuid(),
            OwnerId = owner,
            CreatedAt = now,
            Report = report,
            Verdict = report.Verdict,
            Score = report.Score,
            SourceFileName = fileName,
            RawMessage = raw,
        };
        await store.SaveAsync(analysis, HttpContext.RequestAborted).ConfigureAwait(false);
        return Redirect("/analyses/" + analysis.Id.ToString("D"));
    }

    private PageResult Refuse(UploadProblem problem)
    {
        upload.LogRejected(HttpContext, problem);
        return Show(problem);
    }

    private PageResult Show(UploadProblem problem)
    {
        Problem = problem;
        Response.StatusCode = problem.StatusCode;
        return Page();
    }
}
