using Microsoft.AspNetCore.Identity;
using SentiMail.AspNetCore.CrowdSec;
using SentiMail.Host.Protection;
using SentiMail.Host.Storage;
using SentiMail.Host.Web;

namespace SentiMail.Host.Users;

/// <summary>
/// Signs a user in with an e-mail address and a password, for the API (<c>POST /api/v1/account/login</c>) and the web
/// UI alike: Identity's lockout counts every wrong password, and every failure is logged as a security event with the
/// client address and the reason (and reported to the CrowdSec watcher when one is configured), while the caller gets
/// one answer for all of them.
/// </summary>
internal sealed class PasswordSignIn(SignInManager<SentiMailUser> signIn, ILogger<PasswordSignIn> logger)
{
    /// <summary>The longest e-mail address accepted.</summary>
    public const int MaxEmailLength = 256;

    /// <summary>The longest password accepted.</summary>
    public const int MaxPasswordLength = 1024;

    /// <summary>Tells whether the input is worth checking at all (present and of a sane length).</summary>
    /// <param name="email">The address.</param>
    /// <param name="password">The password.</param>
    /// <returns><see langword="true"/> when both are present and not too long.</returns>
    public static bool IsWellFormed(string? email, string? password) =>
        !string.IsNullOrEmpty(email) && !string.IsNullOrEmpty(password) && email.Length <= MaxEmailLength && password.Length <= MaxPasswordLength;

    /// <summary>Checks the password and, when it is right and the account is not locked out, issues the sign-in cookie.</summary>
    /// <param name="context">The request (for the client address in the logs).</param>
    /// <param name="email">The address.</param>
    /// <param name="password">The password.</param>
    /// <param name="channel">Where the attempt came from, for the logs: <c>api</c> or <c>web</c>.</param>
    /// <returns><see langword="true"/> when the user is signed in.</returns>
    public async Task<bool> SignInAsync(HttpContext context, string? email, string? password, string channel)
    {
        var client = ClientAddresses.Text(context);
        if (!IsWellFormed(email, password))
        {
            Failed(context, Shorten(email), client, channel, "missing or too long e-mail address or password");
            return false;
        }

        var user = await signIn.UserManager.FindByEmailAsync(email!).ConfigureAwait(false);
        if (user is null)
        {
            Failed(context, email!, client, channel, "unknown user");
            return false;
        }

        // Identity counts failures and locks the account out after Identity:Lockout:MaxFailedAccessAttempts.
        var result = await signIn.PasswordSignInAsync(user, password!, isPersistent: false, lockoutOnFailure: true).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Failed(context, email!, client, channel, result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "not allowed" : "wrong password");
            return false;
        }

        HostLog.SignedIn(logger, user.Id, client, channel);
        return true;
    }

    /// <summary>Logs the failure and reports it to the CrowdSec watcher, if one is configured, as an authentication failure.</summary>
    private void Failed(HttpContext context, string email, string client, string channel, string reason)
    {
        HostLog.SignInFailed(logger, email, client, channel, reason);
        CrowdSecReport.Send(context, CrowdSecReportedEvents.AuthenticationFailures, "failed sign-in");
    }

    private static string Shorten(string? email) => email is null ? "(none)" : email.Length <= MaxEmailLength ? email : email[..MaxEmailLength] + "…";
}
