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
/// one answer for all of them. An address that failed too often (<see cref="SignInThrottle"/>) is refused before any
/// password is checked.
/// </summary>
internal sealed class PasswordSignIn(SignInManager<SentiMailUser> signIn, SignInThrottle throttle, ILogger<PasswordSignIn> logger)
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
    /// <returns>What happened: signed in, failed, or refused because the client address failed too often.</returns>
    public async Task<SignInAttempt> SignInAsync(HttpContext context, string? email, string? password, string channel)
    {
        var client = ClientAddresses.Text(context);
        if (throttle.IsBlocked(client, out var retryAfter))
        {
            Failed(context, Shorten(email), client, channel, "too many failed sign-ins from this address");
            return new SignInAttempt(SignInOutcome.TooManyFailures, retryAfter);
        }

        if (!IsWellFormed(email, password))
        {
            return Failure(context, Shorten(email), client, channel, "missing or too long e-mail address or password");
        }

        var user = await signIn.UserManager.FindByEmailAsync(email!).ConfigureAwait(false);
        if (user is null)
        {
            return Failure(context, email!, client, channel, "unknown user");
        }

        // Identity counts failures and locks the account out after Identity:Lockout:MaxFailedAccessAttempts.
        var result = await signIn.PasswordSignInAsync(user, password!, isPersistent: false, lockoutOnFailure: true).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Failure(context, email!, client, channel, result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "not allowed" : "wrong password");
        }

        HostLog.SignedIn(logger, user.Id, client, channel);
        return new SignInAttempt(SignInOutcome.SignedIn, null);
    }

    private SignInAttempt Failure(HttpContext context, string email, string client, string channel, string reason)
    {
        throttle.RecordFailure(client);
        Failed(context, email, client, channel, reason);
        return new SignInAttempt(SignInOutcome.Failed, null);
    }

    /// <summary>Logs the failure and reports it to the CrowdSec watcher, if one is configured, as an authentication failure.</summary>
    private void Failed(HttpContext context, string email, string client, string channel, string reason)
    {
        HostLog.SignInFailed(logger, email, client, channel, reason);
        CrowdSecReport.Send(context, CrowdSecReportedEvents.AuthenticationFailures, "failed sign-in");
    }

    private static string Shorten(string? email) => email is null ? "(none)" : email.Length <= MaxEmailLength ? email : email[..MaxEmailLength] + "…";
}

/// <summary>What became of a sign-in.</summary>
internal enum SignInOutcome
{
    /// <summary>The user is signed in.</summary>
    SignedIn,

    /// <summary>Unknown address, wrong password, locked-out account, or bad input: one answer for all.</summary>
    Failed,

    /// <summary>The client address failed too often; the password was not checked.</summary>
    TooManyFailures,
}

/// <summary>The result of <see cref="PasswordSignIn.SignInAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="RetryAfter">With <see cref="SignInOutcome.TooManyFailures"/>: when the address may try again, if known.</param>
internal sealed record SignInAttempt(SignInOutcome Outcome, TimeSpan? RetryAfter)
{
    /// <summary>Gets whether the user is signed in.</summary>
    public bool Succeeded => Outcome == SignInOutcome.SignedIn;
}
