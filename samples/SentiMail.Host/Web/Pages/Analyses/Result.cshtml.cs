using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SentiMail.AspNetCore.Analyses;

namespace SentiMail.Host.Web.Pages.Analyses;

/// <summary>One of the signed-in user's analyses. Another user's analysis answers 404, exactly as an unknown id does
/// (administrators included: the UI shows one's own analyses only).</summary>
internal sealed class ResultModel(IAnalysisStore store) : PageModel
{
    /// <summary>Gets the analysis shown.</summary>
    public ReportView? View { get; private set; }

    /// <summary>Loads the analysis if the user owns it.</summary>
    /// <param name="id">The analysis id.</param>
    /// <returns>The page, or 404.</returns>
    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var owner = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var analysis = await store.FindAsync(id, HttpContext.RequestAborted).ConfigureAwait(false);
        if (analysis is null || string.IsNullOrEmpty(owner) || !string.Equals(analysis.OwnerId, owner, StringComparison.Ordinal))
        {
            return NotFound();
        }

        View = new ReportView(analysis.Report, analysis.Id, analysis.CreatedAt, analysis.SourceFileName);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
