using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SentiMail.Host.Storage;

namespace SentiMail.Host.Web.Pages;

/// <summary>Signs out (a POST with the antiforgery token, from the button in the header or this page's form).</summary>
internal sealed class SignOutModel(SignInManager<SentiMailUser> signIn, ILogger<SignOutModel> logger) : PageModel
{
    /// <summary>Removes the sign-in cookie.</summary>
    /// <returns>A redirect to the sign-in page.</returns>
    public async Task<IActionResult> OnPostAsync()
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?";
        await signIn.SignOutAsync().ConfigureAwait(false);
        HostLog.SignedOut(logger, userId, WebUiDefaults.Channel);
        return Redirect(WebUiDefaults.SignInPath + "?signedOut=1");
    }
}
