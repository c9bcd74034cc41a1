namespace SentiMail.AspNetCore.OpenApi;

/// <summary>
/// Describes an endpoint's request body for the OpenAPI document only. It deliberately does not implement
/// <c>IAcceptsMetadata</c>: that would make routing answer a bare 415 before the endpoint's own ProblemDetails.
/// </summary>
/// <param name="JsonType">The type of a JSON body, or <see langword="null"/> for a message upload.</param>
internal sealed record RequestBodyMetadata(Type? JsonType)
{
    /// <summary>A message upload: multipart/form-data with a <c>file</c> part, or the raw message.</summary>
    public static RequestBodyMetadata Upload { get; } = new((Type?)null);
}
