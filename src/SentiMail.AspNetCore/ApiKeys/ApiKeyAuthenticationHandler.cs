using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

using SentiMail.AspNetCore.Protection;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>
/// Authenticates requests carrying an API key in <c>Authorization: ApiKey &lt;key&gt;</c>, <c>Authorization: Token
/// &lt;key&gt;</c> (legacy) or <c>X-Api-Key: &lt;key&gt;</c>.
/// </summary>
/// <remarks>
/// <para>Success gives a principal with <see cref="ClaimTypes.NameIdentifier"/> = the key's owner, one
/// <see cref="ApiKeyDefaults.ScopeClaimType"/> claim per scope and <see cref="ApiKeyDefaults.KeyIdClaimType"/>.</para>
/// <para>No credential gives no result (other schemes may run). Malformed, unknown, wrong, expired and revoked keys
/// fail alike: the challenge is 401 with <c>WWW-Authenticate: ApiKey</c> and one fixed body, so responses do not tell
/// which keys exist. The reason is logged as a security event with the key id when it could be parsed.</para>
/// </remarks>
public sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<ApiKeyAuthenticationOptions>
{
    private const string FailureMessage = "Invalid API key.";
    private const string ProblemContentType = "application/problem+json";

    private static readonly byte[] s_challengeBody = Encoding.UTF8.GetBytes(
        """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Unauthorized","status":401,"detail":"A valid API key is required."}""");

    private static readonly byte[] s_forbiddenBody = Encoding.UTF8.GetBytes(
        """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.4","title":"Forbidden","status":403,"detail":"The credentials do not grant the required scope."}""");

    private readonly ApiKeyService _keys;

    /// <summary>Initializes a new instance of the <see cref="ApiKeyAuthenticationHandler"/> class.</summary>
    /// <param name="options">The scheme options.</param>
    /// <param name="logger">The logger factory.</param>
    /// <param name="encoder">The URL encoder.</param>
    /// <param name="keys">The key service.</param>
    public ApiKeyAuthenticationHandler(IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger,
        UrlEncoder encoder, ApiKeyService keys)
        : base(options, logger, encoder)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
    }

    /// <inheritdoc/>
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (found, source, key) = ReadCredential();
        if (!found)
        {
            return AuthenticateResult.NoResult();
        }

        if (key is null)
        {
            ApiKeyLog.Malformed(Logger, Client, source);
            SecurityEvents.AuthenticationFailed(Context);
            return AuthenticateResult.Fail(FailureMessage);
        }

        var result = await _keys.ValidateAtAsync(key, TimeProvider.GetUtcNow(), Context.RequestAborted).ConfigureAwait(false);
        switch (result.Status)
        {
            case ApiKeyValidationStatus.Valid when result.Key is { } record:
                ApiKeyLog.Authenticated(Logger, record.Id, record.OwnerId);
                return AuthenticateResult.Success(new AuthenticationTicket(CreatePrincipal(record), Scheme.Name));
            case ApiKeyValidationStatus.UnknownId:
                ApiKeyLog.UnknownId(Logger, Client, result.KeyId);
                break;
            case ApiKeyValidationStatus.WrongSecret:
                ApiKeyLog.WrongSecret(Logger, Client, result.KeyId);
                break;
            case ApiKeyValidationStatus.Expired:
                ApiKeyLog.Expired(Logger, Client, result.KeyId);
                break;
            case ApiKeyValidationStatus.Revoked:
                ApiKeyLog.Revoked(Logger, Client, result.KeyId);
                break;
            default:
                ApiKeyLog.Malformed(Logger, Client, source);
                break;
        }

        SecurityEvents.AuthenticationFailed(Context);
        return AuthenticateResult.Fail(FailureMessage);
    }

    /// <summary>The effective client address for the failure events (computed only when one is logged).</summary>
    private string Client => ClientAddress.Normalize(Context.Connection.RemoteIpAddress);

    /// <inheritdoc/>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.Append(HeaderNames.WWWAuthenticate, ApiKeyDefaults.AuthorizationScheme);
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, s_challengeBody);
    }

    /// <inheritdoc/>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, s_forbiddenBody);

    private Task WriteProblemAsync(int statusCode, byte[] body)
    {
        Response.StatusCode = statusCode;
        if (Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        Response.ContentType = ProblemContentType;
        Response.ContentLength = body.Length;
        Response.Headers.CacheControl = "no-store";
        return Response.Body.WriteAsync(body, 0, body.Length, Context.RequestAborted);
    }

    /// <summary>Finds the credential: <c>found</c> is false when none is present; <c>key</c> is null when it is malformed.</summary>
    private (bool Found, string Source, string? Key) ReadCredential()
    {
        string? fromAuthorization = null;
        var found = false;
        var authorization = Request.Headers.Authorization;
        if (!StringValues.IsNullOrEmpty(authorization))
        {
            if (authorization.Count != 1)
            {
                return (true, HeaderNames.Authorization, null);
            }

            var value = authorization.ToString().AsSpan().Trim();
            var space = value.IndexOf(' ');
            var scheme = space < 0 ? value : value[..space];
            if (scheme.Equals(ApiKeyDefaults.AuthorizationScheme, StringComparison.OrdinalIgnoreCase)
                || (Options.AcceptTokenScheme && scheme.Equals(ApiKeyDefaults.LegacyAuthorizationScheme, StringComparison.OrdinalIgnoreCase)))
            {
                found = true;
                var credential = space < 0 ? [] : value[(space + 1)..].Trim();
                if (credential.Length == 0 || credential.Length > Options.MaxHeaderLength)
                {
                    return (true, HeaderNames.Authorization, null);
                }

                fromAuthorization = credential.ToString();
            }
        }

        if (Options.HeaderName is { } headerName && Request.Headers.TryGetValue(headerName, out var header))
        {
            // Two credentials are ambiguous: refuse rather than pick one.
            if (found || header.Count != 1 || header.ToString() is not { Length: > 0 } single || single.Length > Options.MaxHeaderLength)
            {
                return (true, headerName, null);
            }

            var trimmed = single.Trim();
            return (true, headerName, trimmed.Length == 0 ? null : trimmed);
        }

        return (found, HeaderNames.Authorization, fromAuthorization);
    }

    private ClaimsPrincipal CreatePrincipal(ApiKeyRecord key)
    {
        var claims = new List<Claim>(key.Scopes.Count + 2)
        {
            new(ClaimTypes.NameIdentifier, key.OwnerId, ClaimValueTypes.String, ClaimsIssuer),
            new(ApiKeyDefaults.KeyIdClaimType, key.Id, ClaimValueTypes.String, ClaimsIssuer),
        };
        foreach (var scope in key.Scopes)
        {
            claims.Add(new Claim(ApiKeyDefaults.ScopeClaimType, scope, ClaimValueTypes.String, ClaimsIssuer));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
    }
}
