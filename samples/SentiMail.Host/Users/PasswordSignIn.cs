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
/// one answer for all of them. Every attempt first takes one of its client address's failures
/// (<see cref="SignInThrottle"/>): an address that failed too often is refused before any password is checked, and a
/// successful sign-in gives the failure back. The attempts on one account run one after the other, so that parallel
/// wrong passwords are all counted and none is checked once the account is locked out. An unknown address, or a locked-out
/// account, is checked against a dummy password hash, so that it costs what a wrong password costs.
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
        ArgumentNullException.ThrowIfNull(context);
        var client = ClientAddresses.Text(context);
        if (throttle.TryReserveFailure(client, out var retryAfter) is not { } reservation)
        {
            return TooManyFailures(context, Shorten(email), client, channel, retryAfter);
        }

        if (!IsWellFormed(email, password))
        {
            return Failure(context, Shorten(email), client, channel, "missing or too long e-mail address or password");
        }

        var users = signIn.UserManager;
        SentiMailUser? user;
        using (await throttle.LockAccountAsync(users.NormalizeEmail(email) ?? email!, context.RequestAborted).ConfigureAwait(false))
        {
            // Read under the lock: the user's concurrency stamp is the one the failure count is written with.
            user = await users.FindByEmailAsync(email!).ConfigureAwait(false);
            if (user is null)
            {
                CheckDummyPassword(password!);
                return Failure(context, email!, client, channel, "unknown user");
            }

            if (await users.IsLockedOutAsync(user).ConfigureAwait(false))
            {
                // Identity would answer at once without checking the password: the same cost as the other failures.
                CheckDummyPassword(password!);
                return Failure(context, email!, client, channel, "locked out");
            }

            // Identity counts failures and locks the account out after Identity:Lockout:MaxFailedAccessAttempts.
            var result = await signIn.PasswordSignInAsync(user, password!, isPersistent: false, lockoutOnFailure: true).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return Failure(context, email!, client, channel, result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "not allowed" : "wrong password");
            }
        }

        throttle.Release(reservation);
        HostLog.SignedIn(logger, user.Id, client, channel);
        return new SignInAttempt(SignInOutcome.SignedIn, null);
    }

    /// <summary>Counts a request whose body could not be read as a sign-in (malformed, too large, another media type)
    /// as a failed sign-in of its client address, and logs it like one.</summary>
    /// <param name="context">The request.</param>
    /// <param name="channel">Where the attempt came from, for the logs.</param>
    /// <param name="reason">What was wrong, for the logs.</param>
    /// <returns><see cref="SignInOutcome.Failed"/>, or <see cref="SignInOutcome.TooManyFailures"/> when the address failed too often.</returns>
    public SignInAttempt RejectUnreadable(HttpContext context, string channel, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = ClientAddresses.Text(context);
        return throttle.TryReserveFailure(client, out var retryAfter) is null
            ? TooManyFailures(context, "(none)", client, channel, retryAfter)
            : Failure(context, "(none)", client, channel, reason);
    }

    /// <summary>Checks the password against the dummy hash (never right), for the time it takes.</summary>
    private void CheckDummyPassword(string password)
    {
        var hasher = signIn.UserManager.PasswordHasher;
        _ = hasher.VerifyHashedPassword(new SentiMailUser(), throttle.DummyPasswordHash(hasher), password);
    }

    private SignInAttempt TooManyFailures(HttpContext context, string email, string client, string channel, TimeSpan retryAfter)
    {
        Failed(context, email, client, channel, "too many failed sign-ins from this address");
        return new SignInAttempt(SignInOutcome.TooManyFailures, retryAfter);
    }

    /// <summary>Logs a failure; its client address's failure was taken before the attempt.</summary>
    private SignInAttempt Failure(HttpContext context, string email, string client, string channel, string reason)
    {
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
