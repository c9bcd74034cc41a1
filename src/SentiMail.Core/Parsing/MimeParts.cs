using MimeKit;

namespace SentiMail.Parsing;

/// <summary>How the engine reads a MIME part, shared by the walk and the analysis context.</summary>
internal static class MimeParts
{
    /// <summary>Tells whether a part is read as body text: an inline text/plain or text/html part.</summary>
    public static bool IsBodyText(MimePart part) => part is TextPart text && !part.IsAttachment && (text.IsPlain || text.IsHtml);

    /// <summary>Tells whether a part declares a file name (Content-Disposition <c>filename</c> or Content-Type <c>name</c>),
    /// read leniently (<see cref="FileNameCandidates"/>).</summary>
    public static bool HasFileName(MimePart part) => FileNameCandidates.Find(part).Count > 0;

    /// <summary>The part's file name: MimeKit's, else the first a lenient reading of its fields gives, else empty.</summary>
    public static string FileName(MimePart part) => FileNameCandidates.Find(part) is [var first, ..] ? first : string.Empty;
}
