namespace SentiMail.AspNetCore.Analyses;

/// <summary>The stable <c>type</c> URIs of the ProblemDetails answered by the analysis API. Clients match on these,
/// not on <c>title</c> or <c>detail</c>.</summary>
public static class SentiMailProblemTypes
{
    /// <summary>400: the body is not an email or breaks a parsing limit; the <c>reasonCode</c> member says which
    /// (<c>empty</c>, <c>not-an-email</c>, <c>header-too-large</c>, <c>unreadable</c>; <c>too-deep</c> and
    /// <c>too-many-parts</c> are defined but no longer raised by the engine).</summary>
    public const string NotAnEmail = "urn:sentimail:problem:not-an-email";

    /// <summary>413: the message or the request body is larger than allowed; <c>reasonCode</c> is <c>too-large</c>.</summary>
    public const string TooLarge = "urn:sentimail:problem:too-large";

    /// <summary>415: the request's media type is not accepted.</summary>
    public const string UnsupportedMediaType = "urn:sentimail:problem:unsupported-media-type";

    /// <summary>400: the multipart form has no <c>file</c> part, or is malformed.</summary>
    public const string InvalidForm = "urn:sentimail:problem:invalid-form";

    /// <summary>400: a query parameter is invalid (the <c>errors</c> member lists which).</summary>
    public const string InvalidQuery = "urn:sentimail:problem:invalid-query";

    /// <summary>404: no analysis with this id that the caller may see.</summary>
    public const string NotFound = "urn:sentimail:problem:not-found";

    /// <summary>429: the caller exceeded a rate limit or the anonymous quota; the <c>Retry-After</c> header says
    /// when to try again, when known.</summary>
    public const string TooManyRequests = "urn:sentimail:problem:too-many-requests";

    /// <summary>403: the client address is not allowed by the IP rules.</summary>
    public const string AddressForbidden = "urn:sentimail:problem:address-forbidden";
}
