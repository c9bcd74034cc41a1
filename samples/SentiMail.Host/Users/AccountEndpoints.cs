using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.Host.Backups;
using SentiMail.Host.Storage;

namespace SentiMail.Host.Users;

/// <summary>Sign-in for interactive users (Identity's cookie) and the administrator endpoints.</summary>
internal static class AccountEndpoints
{
    /// <summary>Maps <c>/api/v1/account/*</c> and <c>/api/v1/admin/*</c>.</summary>
    /// <param name="endpoints">The app.</param>
    /// <returns>The app.</returns>
    public static IEndpointRouteBuilder MapSentiMailHostAccounts(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/api/v1/account").WithTags("Account");
        // Anonymous: a small body (SmallJsonBody), read before anything else, and every unreadable one counts as a failure.
        account.MapPost("/login", LoginAsync).AllowAnonymous().DisableAntiforgery()
            .WithMetadata(SmallJsonBody.SizeLimit).Accepts<LoginRequest>("application/json");
        account.MapPost("/logout", LogoutAsync).RequireAuthorization();
        account.MapGet("/me", MeAsync).RequireAuthorization();

        var admin = endpoints.MapGroup("/api/v1/admin").WithTags("Administration").RequireAuthorization(SentiMailPolicies.Admin);
        admin.MapGet("/users", (UserAdministration users) => users.ListAsync());
        admin.MapPost("/users", CreateUserAsync).WithMetadata(SmallJsonBody.SizeLimit).Accepts<CreateUserRequest>("application/json");
        admin.MapGet("/backups", (BackupManager backups) => backups.List().Select(b => new BackupSummary(Path.GetFileName(b.Path), b.CreatedAt, b.Bytes, b.HasManifest, b.Rows)));
        admin.MapPost("/backups", async (BackupManager backups, CancellationToken cancellationToken) =>
        {
            var b = await backups.BackupNowAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new BackupSummary(Path.GetFileName(b.Path), b.CreatedAt, b.Bytes, b.HasManifest, b.Rows));
        });
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, PasswordSignIn signIn)
    {
        const string Channel = "api";
        var body = await SmallJsonBody.ReadAsync<LoginRequest>(context).ConfigureAwait(false);
        if (body.Value is not { } request)
        {
            // Counted against the client address like a wrong password: malformed attempts are attempts too.
            var rejected = signIn.RejectUnreadable(context, Channel, body.Reason!);
            return rejected.Outcome == SignInOutcome.TooManyFailures ? TooManyFailures(context, rejected) : body.Problem!;
        }

        if (!PasswordSignIn.IsWellFormed(request.Email, request.Password))
        {
            var rejected = signIn.RejectUnreadable(context, Channel, "missing or too long e-mail address or password");
            return rejected.Outcome == SignInOutcome.TooManyFailures
                ? TooManyFailures(context, rejected)
                : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "E-mail address and password are required.");
        }

        var attempt = await signIn.SignInAsync(context, request.Email, request.Password, Channel).ConfigureAwait(false);
        if (attempt.Outcome == SignInOutcome.TooManyFailures)
        {
            return TooManyFailures(context, attempt);
        }

        // Same answer for every failure, so that the response does not confirm which addresses exist.
        return attempt.Succeeded ? TypedResults.NoContent() : Unauthorized();
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooManyFailures(HttpContext context, SignInAttempt attempt)
    {
        if (attempt.RetryAfter is { } after)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins.", detail: "Too many failed sign-ins from this address; try again later.");
    }

    private static async Task<IResult> LogoutAsync(SignInManager<SentiMailUser> signIn)
    {
        await signIn.SignOutAsync().ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> MeAsync(ClaimsPrincipal principal, UserAdministration users)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = id is null ? null : await users.FindAsync(id).ConfigureAwait(false);
        if (user is null)
        {
            // An API key's owner that is not an interactive user.
            return TypedResults.Ok(new MeResponse(id ?? "", null, [.. principal.FindAll(ClaimTypes.Role).Select(c => c.Value)]));
        }

        return TypedResults.Ok(new MeResponse(user.Id, user.Email, [.. principal.FindAll(ClaimTypes.Role).Select(c => c.Value)]));
    }

    private static async Task<IResult> CreateUserAsync(HttpContext context, UserAdministration users)
    {
        var body = await SmallJsonBody.ReadAsync<CreateUserRequest>(context).ConfigureAwait(false);
        if (body.Value is not { } request)
        {
            return body.Problem!;
        }

        try
        {
            var user = await users.CreateAsync(request.Email ?? "", request.Password ?? "", request.Role ?? SentiMailRoles.Analyst).ConfigureAwait(false);
            return TypedResults.Created($"/api/v1/admin/users/{user.Id}", new UserSummary(user.Id, user.Email ?? "", [request.Role ?? SentiMailRoles.Analyst], LockedOut: false));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The user could not be created.", detail: ex.Message);
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.", detail: "Wrong e-mail address or password, or the account is locked out.");
}

/// <summary>The body of <c>POST /api/v1/account/login</c>.</summary>
internal sealed record LoginRequest(string? Email, string? Password);

/// <summary>The body of <c>GET /api/v1/account/me</c>.</summary>
internal sealed record MeResponse(string Id, string? Email, IReadOnlyList<string> Roles);

/// <summary>The body of <c>POST /api/v1/admin/users</c>.</summary>
internal sealed record CreateUserRequest(string? Email, string? Password, string? Role);

/// <summary>A backup as listed by <c>GET /api/v1/admin/backups</c>.</summary>
internal sealed record BackupSummary(string File, DateTimeOffset CreatedAt, long Bytes, bool Verified, long? Rows);
