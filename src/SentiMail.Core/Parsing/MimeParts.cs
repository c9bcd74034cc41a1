using MimeKit;

namespace SentiMail.Parsing;

/// <summary>How the engine reads a MIME part, shared by the walk and the analysis context.</summary>
internal static class MimeParts
{
    /// <summary>Tells whether a part is read as body text: an inline text/plain or text/html part.</summary>
    public static bool IsBodyText(MimePart part) => part is TextPart text && !part.IsAttachment && (text.IsPlain || text.IsHtml);
}
