using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace SentiMail.Host.Users;

/// <summary>
/// Reads the small JSON body of the account endpoints (sign-in, user creation) with a hard size limit,
/// <see cref="MaxBytes"/>, instead of binding up to the server's 30 MB: a larger body answers 413 after at most that many
/// bytes are read, whether it declares its length or comes chunked. The endpoints also carry
/// <see cref="SizeLimit"/>, which routing applies to the server's own limit (Kestrel) before the handler runs.
/// </summary>
internal static class SmallJsonBody
{
    /// <summary>The largest body accepted, in bytes.</summary>
    public const int MaxBytes = 8 * 1024;

    /// <summary>The endpoint metadata that sets the server's request body limit to <see cref="MaxBytes"/>.</summary>
    public static IRequestSizeLimitMetadata SizeLimit { get; } = new RequestSizeLimit(MaxBytes);

    /// <summary>Reads and deserializes the body (with the JSON options the API binds with).</summary>
    /// <typeparam name="T">The body's type.</typeparam>
    /// <param name="context">The request.</param>
    /// <returns>The body, or the problem to answer and what was wrong with it.</returns>
    public static async Task<SmallJsonBodyResult<T>> ReadAsync<T>(HttpContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return Problem<T>(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON (Content-Type: application/json).", "not a JSON body");
        }

        if (request.ContentLength > MaxBytes)
        {
            return TooLarge<T>();
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own limit (SizeLimit) stopped it first.
            return TooLarge<T>();
        }

        if (length > MaxBytes)
        {
            return TooLarge<T>();
        }

        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            return JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo) is { } value
                ? new SmallJsonBodyResult<T>(value, null, null)
                : Problem<T>(StatusCodes.Status400BadRequest, "The body is not a JSON object.", "malformed body");
        }
        catch (JsonException)
        {
            return Problem<T>(StatusCodes.Status400BadRequest, "The body is not valid JSON.", "malformed body");
        }
    }

    private static SmallJsonBodyResult<T> TooLarge<T>()
        where T : class =>
        Problem<T>(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", "body too large",
            $"At most {MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes.");

    private static SmallJsonBodyResult<T> Problem<T>(int status, string title, string reason, string? detail = null)
        where T : class =>
        new(null, TypedResults.Problem(statusCode: status, title: title, detail: detail), reason);

    private sealed class RequestSizeLimit(long maxBytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => maxBytes;
    }
}

/// <summary>What <see cref="SmallJsonBody.ReadAsync{T}"/> read.</summary>
/// <typeparam name="T">The body's type.</typeparam>
/// <param name="Value">The body, when it was read.</param>
/// <param name="Problem">Otherwise the answer (400, 413 or 415, as problem details).</param>
/// <param name="Reason">Otherwise what was wrong, for the logs.</param>
internal readonly record struct SmallJsonBodyResult<T>(T? Value, IResult? Problem, string? Reason)
    where T : class;
