using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SentiMail.Host.Web.Pages;

/// <summary>The UI's error page, re-executed for an error status without a body (<c>/error/404</c>…) and for an
/// unhandled exception (<c>/error/500</c>; the details stay in the logs).</summary>
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel : PageModel
{
    /// <summary>Gets the status code shown.</summary>
    public int Code { get; private set; }

    /// <summary>Gets the title in words.</summary>
    public string Title { get; private set; } = "Something went wrong.";

    /// <summary>Gets what to do about it.</summary>
    public string Detail { get; private set; } = "";

    /// <summary>Shows the error (any method: a failed POST is re-executed as a POST).</summary>
    /// <param name="code">The status code from the route.</param>
    /// <returns>The page.</returns>
    public IActionResult OnGet(int? code) => Show(code);

    /// <inheritdoc cref="OnGet"/>
    public IActionResult OnPost(int? code) => Show(code);

    private PageResult Show(int? code)
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null || HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;
        Code = code is >= 400 and <= 599 ? code.Value : StatusCodes.Status404NotFound;
        (Title, Detail) = Code switch
        {
            StatusCodes.Status400BadRequest => ("The request was refused.", "A form may have expired or come from another site. Go back, reload the page and try again."),
            StatusCodes.Status403Forbidden => ("You may not see this page.", "Sign in with an account that may."),
            StatusCodes.Status404NotFound => ("Not found.", "There is no such page or analysis, or it is not yours."),
            StatusCodes.Status405MethodNotAllowed => ("This page does not accept that request.", "Use the links and forms of the site."),
            StatusCodes.Status413PayloadTooLarge => ("The upload is too large.", "Go back and choose a smaller file."),
            StatusCodes.Status429TooManyRequests => ("Too many requests.", "Wait a little and try again."),
            >= 500 => ("Something went wrong on our side.", "Try again later; the error has been logged."),
            _ => ("The request could not be served.", "Go back and try again."),
        };
        Response.StatusCode = reExecuted ? Response.StatusCode : Code;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
