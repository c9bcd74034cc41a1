using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Analyses;

namespace SentiMail.Host.Web.Pages.Analyses;

/// <summary>The signed-in user's analyses, newest first, one page at a time (<c>?page=2</c>).</summary>
internal sealed class IndexModel(IAnalysisStore store, IOptions<WebUiOptions> ui) : PageModel
{
    /// <summary>Gets the analyses of this page.</summary>
    public IReadOnlyList<StoredAnalysis> Items { get; private set; } = [];

    /// <summary>Gets the page number, from 1.</summary>
    public int PageNumber { get; private set; } = 1;

    /// <summary>Gets how many pages there are (at least 1).</summary>
    public int PageCount { get; private set; } = 1;

    /// <summary>Gets how many analyses the user has.</summary>
    public int TotalCount { get; private set; }

    /// <summary>Loads one page of the user's analyses.</summary>
    /// <returns>The page.</returns>
    public async Task<IActionResult> OnGetAsync()
    {
        var owner = User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(owner))
        {
            return Challenge();
        }

        // "page" is a route value of Razor Pages, so the query parameter is read by hand: a bad value means page 1.
        PageNumber = int.TryParse(Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 ? number : 1;
        var size = ui.Value.HistoryPageSize;
        var page = await store.ListAsync(new AnalysisQuery { OwnerId = owner, Page = PageNumber, PageSize = size }, HttpContext.RequestAborted).ConfigureAwait(false);
        Items = page.Items;
        TotalCount = page.TotalCount;
        PageCount = Math.Max(1, (int)Math.Ceiling(page.TotalCount / (double)size));
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
