using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace SentiMail.Tests.TestSupport;

/// <summary>Builds raw RFC 5322 / MIME messages for tests: the top-level header block is written verbatim (so that it
/// can be malformed on purpose) and the body is produced by MimeKit's <see cref="BodyBuilder"/>.</summary>
internal static class TestMessages
{
    private static readonly FormatOptions s_format = CreateFormat();

    /// <summary>Builds a message.</summary>
    /// <param name="headers">The top-level header fields; <c>MIME-Version</c> and the body's content headers are added.</param>
    /// <param name="textBody">The text/plain body, if any.</param>
    /// <param name="htmlBody">The text/html body, if any.</param>
    /// <param name="attachments">Files to attach.</param>
    /// <returns>The raw message, CRLF line endings.</returns>
    public static byte[] Build(HeaderBlock headers, string? textBody = null, string? htmlBody = null, params TestAttachment[] attachments)
    {
        var builder = new BodyBuilder { TextBody = textBody, HtmlBody = htmlBody };
        foreach (var attachment in attachments)
        {
            builder.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        using var output = new MemoryStream();
        output.Write(Encoding.UTF8.GetBytes(headers + "MIME-Version: 1.0\r\n"));
        builder.ToMessageBody().WriteTo(s_format, output);
        return output.ToArray();
    }

    /// <summary>Builds the standard harmless message with this text body.</summary>
    public static byte[] Text(string textBody) => Build(HeaderBlock.Standard(), textBody);

    /// <summary>Builds the standard harmless message with this HTML body.</summary>
    public static byte[] Html(string htmlBody) => Build(HeaderBlock.Standard(), htmlBody: htmlBody);

    /// <summary>Builds the standard harmless message with a short text and one attachment.</summary>
    public static byte[] WithAttachment(TestAttachment attachment) => Build(HeaderBlock.Standard(), "Please find the file attached.", null, attachment);

    /// <summary>Encodes a header text as RFC 2047 encoded-words (UTF-8), so that it may hold any character, even CR and LF.</summary>
    public static string EncodeWord(string text) => Encoding.ASCII.GetString(Rfc2047.EncodeText(s_format, Encoding.UTF8, text));

    /// <summary>Writes text as CRLF-terminated ASCII/UTF-8 bytes (every bare LF becomes CRLF).</summary>
    public static byte[] Raw(string text) => Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
