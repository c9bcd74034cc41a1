using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SentiMail.Host.Users;

namespace SentiMail.Host.Web.Pages;

/// <summary>The sign-in page. Every failure (unknown address, wrong password, locked-out account) gets the same answer;
/// each is logged as a security event with the client address, and Identity's lockout counts wrong passwords.</summary>
internal sealed class SignInModel(PasswordSignIn signIn) : PageModel
{
    /// <summary>The one message shown for every failed sign-in.</summary>
    public const string FailureMessage = "Wrong e-mail address or password, or the account is locked out.";

    /// <summary>Gets or sets the e-mail address typed in.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>Gets or sets the password typed in (never shown again).</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Gets or sets the local page to go back to after signing in.</summary>
    [BindProperty(SupportsGet = true, Name = WebUiDefaults.ReturnUrlParameter)]
    public string? ReturnUrl { get; set; }

    /// <summary>Gets the error of the last attempt, if any.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the form, or goes on at once when the visitor is already signed in.</summary>
    /// <returns>The page or a local redirect.</returns>
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl) : Page();

    /// <summary>Checks the e-mail address and password.</summary>
    /// <returns>A local redirect on success, else the form again with the error.</returns>
    public async Task<IActionResult> OnPostAsync()
    {
        var attempt = await signIn.SignInAsync(HttpContext, Email?.Trim(), Password, WebUiDefaults.Channel).ConfigureAwait(false);
        if (attempt.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl);
        }

        Password = null;
        if (attempt.Outcome == SignInOutcome.TooManyFailures)
        {
            var minutes = attempt.RetryAfter is { } after ? Math.Max(1, (int)Math.Ceiling(after.TotalMinutes)) : 15;
            Error = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Too many failed sign-ins from your address. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}.");
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            if (attempt.RetryAfter is { } retry)
            {
                Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Page();
        }

        Error = FailureMessage;
        return Page();
    }

    /// <summary>Gets <see cref="ReturnUrl"/> when it is a local URL (a path on this site), else the upload page: an
    /// absolute or protocol-relative URL would send the user to another site.</summary>
    private string SafeReturnUrl => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
