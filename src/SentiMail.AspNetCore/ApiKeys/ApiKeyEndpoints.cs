using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>Request handlers of the key endpoints, written as plain request delegates (no reflection).</summary>
internal static class ApiKeyEndpoints
{
    public const string IdRouteValue = "id";

    /// <summary>The largest accepted body of a create request, declared on the endpoint (so Kestrel, IIS and HTTP.sys
    /// enforce it) and enforced again while reading, whatever the server.</summary>
    public const long MaxBodyLength = 16 * 1024;

    public static async Task CreateAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        if (CallerId(context.User) is not { } callerId)
        {
            await NoOwner().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!context.Request.HasJsonContentType())
        {
            await UnsupportedMediaType().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentLength > MaxBodyLength)
        {
            await TooLarge().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        ApiKeyCreateBody? body;
        var requestBody = context.Request.Body;
        context.Request.Body = new BoundedReadStream(requestBody, MaxBodyLength);
        try
        {
            body = await context.Request.ReadFromJsonAsync(ApiKeyJsonContext.Default.ApiKeyCreateBody, ct).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            body = null;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A body without Content-Length (chunked) over the limit: the server's limit or the bounded stream's.
            await TooLarge().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        catch (InvalidOperationException)
        {
            // ReadFromJsonAsync's answer to a JSON media type it cannot read, such as an unknown charset.
            await UnsupportedMediaType().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        finally
        {
            context.Request.Body = requestBody;
        }

        if (body is null)
        {
            await TypedResults.Problem("The body is not a valid key request.", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var service = context.RequestServices.GetRequiredService<ApiKeyService>();
        var request = new ApiKeyCreateRequest { OwnerId = callerId, Name = body.Name ?? "", Scopes = body.Scopes ?? [], ExpiresAt = body.ExpiresAt };
        var errors = new Dictionary<string, string[]>(service.ValidateRequest(request), StringComparer.Ordinal);
        if (!errors.ContainsKey("scopes") && request.Scopes.FirstOrDefault(s => !ScopeRequirement.IsGranted(context.User, s)) is { } notHeld)
        {
            errors["scopes"] = [$"A key cannot have a scope its creator does not hold: '{notHeld}'."];
        }

        if (errors.Count > 0)
        {
            await TypedResults.ValidationProblem(errors).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        CreatedApiKey created;
        try
        {
            created = await service.CreateAsync(request, ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            await TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = $"{context.Request.PathBase}{context.Request.Path.Value?.TrimEnd('/')}/{created.Id}";
        await WriteSecretAsync(context, created).ConfigureAwait(false);
    }

    public static async Task ListAsync(HttpContext context)
    {
        if (CallerId(context.User) is not { } callerId)
        {
            await NoOwner().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var service = context.RequestServices.GetRequiredService<ApiKeyService>();
        string? owner = callerId;
        if (IsAdmin(context.User))
        {
            // Administrators see everyone's keys, or one owner's with ?owner=.
            owner = context.Request.Query["owner"] is { Count: 1 } filter ? filter.ToString() : null;
        }

        var keys = await service.ListAsync(owner, context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(keys, ApiKeyJsonContext.Default.IReadOnlyListApiKeyInfo, contentType: null, context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task GetAsync(HttpContext context)
    {
        if (await FindOwnKeyAsync(context).ConfigureAwait(false) is { } key)
        {
            await context.Response.WriteAsJsonAsync(key, ApiKeyJsonContext.Default.ApiKeyInfo, contentType: null, context.RequestAborted).ConfigureAwait(false);
        }
    }

    public static async Task RotateAsync(HttpContext context)
    {
        if (await FindOwnKeyAsync(context).ConfigureAwait(false) is not { } key)
        {
            return;
        }

        // The replacement carries the old key's scopes, so rotating is creating: the caller must hold every one of
        // them, or a keys:manage key could mint a fresh secret for a stronger key of its owner (up to admin).
        if (key.Scopes.FirstOrDefault(s => !ScopeRequirement.IsGranted(context.User, s)) is { } notHeld)
        {
            await TypedResults.Problem($"Only a caller holding every scope of the key can rotate it; this one lacks '{notHeld}'.",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var service = context.RequestServices.GetRequiredService<ApiKeyService>();
        var created = await service.RotateAsync(key.Id, context.RequestAborted).ConfigureAwait(false);
        if (created is null)
        {
            await TypedResults.Problem("The key is revoked or expired; create a new one.", statusCode: StatusCodes.Status409Conflict).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await WriteSecretAsync(context, created).ConfigureAwait(false);
    }

    public static async Task RevokeAsync(HttpContext context)
    {
        if (await FindOwnKeyAsync(context).ConfigureAwait(false) is not { } key)
        {
            return;
        }

        var service = context.RequestServices.GetRequiredService<ApiKeyService>();
        await service.RevokeAsync(key.Id, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Finds the key named in the route if the caller owns it or is an administrator; otherwise writes 404
    /// (the same answer as for an unknown id, so ids of other users' keys cannot be probed).</summary>
    private static async Task<ApiKeyInfo?> FindOwnKeyAsync(HttpContext context)
    {
        if (CallerId(context.User) is not { } callerId)
        {
            await NoOwner().ExecuteAsync(context).ConfigureAwait(false);
            return null;
        }

        var service = context.RequestServices.GetRequiredService<ApiKeyService>();
        var id = context.Request.RouteValues[IdRouteValue] as string;
        var key = string.IsNullOrEmpty(id) || id.Length > ApiKeyFormat.MaxIdLength
            ? null
            : await service.FindAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (key is null || (!string.Equals(key.OwnerId, callerId, StringComparison.Ordinal) && !IsAdmin(context.User)))
        {
            await TypedResults.Problem("No such key.", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context).ConfigureAwait(false);
            return null;
        }

        return key;
    }

    private static Task WriteSecretAsync(HttpContext context, CreatedApiKey created)
    {
        // The body holds the only copy of the secret: keep it out of every cache.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        return context.Response.WriteAsJsonAsync(created, ApiKeyJsonContext.Default.CreatedApiKey, contentType: null, context.RequestAborted);
    }

    private static string? CallerId(ClaimsPrincipal user) =>
        user.FindFirst(ClaimTypes.NameIdentifier)?.Value is { Length: > 0 } id ? id : null;

    private static bool IsAdmin(ClaimsPrincipal user) => ScopeRequirement.IsGranted(user, ApiKeyScopes.Admin);

    private static ProblemHttpResult UnsupportedMediaType() =>
        TypedResults.Problem("The body must be JSON (application/json), in UTF-8 or another known charset.", statusCode: StatusCodes.Status415UnsupportedMediaType);

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"The body is larger than {MaxBodyLength} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);

    private static ProblemHttpResult NoOwner() =>
        TypedResults.Problem("The caller has no user id (NameIdentifier claim) to own keys.", statusCode: StatusCodes.Status403Forbidden);
}
