using System.Globalization;
using SentiMail.Parsing;

namespace SentiMail.Host.Web;

/// <summary>Why an upload through the web UI was not analysed, in words for the error page.</summary>
/// <param name="StatusCode">The HTTP status of the error page (400, 403, 413, 415 or 429).</param>
/// <param name="Code">A stable code: the engine's rejection code (<c>not-an-email</c>, <c>too-large</c>…) or
/// <c>no-file</c>, <c>wrong-type</c>, <c>malformed-form</c>, <c>antiforgery</c>, <c>cross-site</c>, <c>too-many-uploads</c>.</param>
/// <param name="Title">One short sentence saying what was wrong.</param>
/// <param name="Detail">What exactly, and what to do about it.</param>
internal sealed record UploadProblem(int StatusCode, string Code, string Title, string Detail)
{
    /// <summary>The form field that holds the message.</summary>
    public const string FileField = "file";

    /// <summary>The request is not the upload form.</summary>
    public static UploadProblem WrongType { get; } = new(StatusCodes.Status415UnsupportedMediaType, "wrong-type",
        "The upload was not sent as a form.", "Choose an .eml file in the upload form and send it from there (multipart/form-data).");

    /// <summary>The form holds no file.</summary>
    public static UploadProblem NoFile { get; } = new(StatusCodes.Status400BadRequest, "no-file",
        "No file was chosen.", "Choose an .eml file, or drop one on the drop zone, then select Analyse.");

    /// <summary>The form could not be read.</summary>
    public static UploadProblem MalformedForm { get; } = new(StatusCodes.Status400BadRequest, "malformed-form",
        "The form could not be read.", "The upload was cut off or malformed. Try again from the upload form.");

    /// <summary>The form's antiforgery token is missing or invalid.</summary>
    public static UploadProblem Antiforgery { get; } = new(StatusCodes.Status400BadRequest, "antiforgery",
        "The form has expired or was not sent from this site.", "Reload the upload page and send the file again.");

    /// <summary>The form was posted from another site.</summary>
    public static UploadProblem CrossSite { get; } = new(StatusCodes.Status403Forbidden, "cross-site",
        "The form was sent from another site.", "Uploads are accepted from SentiMail's own upload page only.");

    /// <summary>The request or the file is over the size limit.</summary>
    /// <param name="maxMessageBytes">The engine's limit.</param>
    /// <returns>The problem.</returns>
    public static UploadProblem TooLarge(long maxMessageBytes) => new(StatusCodes.Status413PayloadTooLarge, MessageRejectedException.ToCode(RejectionReason.TooLarge),
        "The file is too large.", $"Messages up to {Size(maxMessageBytes)} are analysed; this one is larger.");

    /// <summary>The engine refused the message.</summary>
    /// <param name="rejection">The engine's rejection.</param>
    /// <param name="maxMessageBytes">The engine's size limit.</param>
    /// <returns>The problem, with the engine's own one-line explanation.</returns>
    public static UploadProblem Rejected(MessageRejectedException rejection, long maxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        var (status, title) = rejection.Reason switch
        {
            RejectionReason.TooLarge => (StatusCodes.Status413PayloadTooLarge, "The file is too large."),
            RejectionReason.Empty => (StatusCodes.Status400BadRequest, "The file is empty."),
            RejectionReason.HeaderTooLarge => (StatusCodes.Status400BadRequest, "The message's header block is too large."),
            RejectionReason.TooDeep => (StatusCodes.Status400BadRequest, "The message nests its parts too deeply."),
            RejectionReason.TooManyParts => (StatusCodes.Status400BadRequest, "The message has too many parts."),
            RejectionReason.NotAnEmail => (StatusCodes.Status400BadRequest, "The file is not an email."),
            _ => (StatusCodes.Status400BadRequest, "The file could not be read."),
        };
        var detail = rejection.Reason == RejectionReason.TooLarge
            ? $"Messages up to {Size(maxMessageBytes)} are analysed. {rejection.Message}"
            : rejection.Message;
        return new(status, rejection.ReasonCode, title, detail);
    }

    /// <summary>The anonymous quota (or the user's or key's window) is used up.</summary>
    /// <param name="retryAfter">When a new upload will be accepted, if known.</param>
    /// <param name="signedIn">Whether the visitor is signed in.</param>
    /// <returns>The problem.</returns>
    public static UploadProblem TooManyUploads(TimeSpan? retryAfter, bool signedIn)
    {
        var when = retryAfter is { } wait ? "Try again in " + Duration(wait) + "." : "Try again later.";
        var who = signedIn ? "You have reached the upload limit for now." : "Visitors who are not signed in have a daily upload quota per network address, and it is used up.";
        return new(StatusCodes.Status429TooManyRequests, "too-many-uploads", "Too many uploads.", who + " " + when + (signedIn ? "" : " Signed-in users are not limited by it."));
    }

    /// <summary>Says how long to wait, in words (rounded up to the minute, or to the second under a minute).</summary>
    /// <param name="wait">The time to wait.</param>
    /// <returns>Such as <c>3 h 20 min</c>.</returns>
    public static string Duration(TimeSpan wait)
    {
        if (wait < TimeSpan.FromMinutes(1))
        {
            return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + " s";
        }

        var minutes = (long)Math.Ceiling(wait.TotalMinutes);
        return minutes < 60
            ? minutes.ToString(CultureInfo.InvariantCulture) + " min"
            : string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h {minutes % 60} min");
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB";
}
