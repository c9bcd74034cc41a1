using System.Text;

namespace SentiMail.Tests.TestSupport;

/// <summary>Writes MIME by hand, byte for byte, for messages that <see cref="TestMessages"/> (MimeKit's builder) would
/// write correctly: odd encodings of attached messages, containers, broken parameters. Text is Latin-1, CRLF.</summary>
internal static class RawMime
{
    /// <summary>The standard test header block with <c>MIME-Version</c>, as text.</summary>
    public static string Headers(bool mime = true) => HeaderBlock.Standard() + (mime ? "MIME-Version: 1.0\r\n" : string.Empty);

    /// <summary>A body part: its header fields (CRLF-separated, without the blank line), then its content encoded with
    /// <paramref name="encoding"/> (<c>base64</c>, <c>quoted-printable</c>, or anything else to write it as it is).</summary>
    public static string Part(string headers, byte[] content, string encoding = "base64")
    {
        var body = encoding switch
        {
            "base64" => Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks),
            "quoted-printable" => QuotedPrintable(content),
            _ => Encoding.Latin1.GetString(content),
        };

        return headers + "\r\nContent-Transfer-Encoding: " + encoding + "\r\n\r\n" + body + "\r\n";
    }

    /// <summary>A file attachment part, base64.</summary>
    public static string Attachment(string fileName, byte[] content, string contentType = "application/octet-stream") =>
        Part($"Content-Type: {contentType}; name=\"{fileName}\"\r\nContent-Disposition: attachment; filename=\"{fileName}\"", content);

    /// <summary>A multipart/mixed entity (its header fields and body): a short text part, then <paramref name="parts"/>.</summary>
    public static string Mixed(string boundary, params string[] parts)
    {
        var sb = new StringBuilder();
        sb.Append("Content-Type: multipart/mixed; boundary=\"").Append(boundary).Append("\"\r\n\r\n");
        sb.Append("--").Append(boundary).Append("\r\nContent-Type: text/plain\r\n\r\nPlease see the attached file.\r\n");
        foreach (var part in parts)
        {
            sb.Append("--").Append(boundary).Append("\r\n").Append(part);
        }

        sb.Append("--").Append(boundary).Append("--\r\n");
        return sb.ToString();
    }

    /// <summary>A whole message: the standard header block, then a multipart/mixed of a text part and <paramref name="parts"/>.</summary>
    public static byte[] Message(params string[] parts) => Bytes(Headers() + Mixed("outer-boundary", parts));

    /// <summary>Latin-1 bytes of a text (every character below U+0100 is one byte).</summary>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static string QuotedPrintable(byte[] content)
    {
        var sb = new StringBuilder();
        var column = 0;
        foreach (var b in content)
        {
            var literal = b is >= 33 and <= 126 and not (byte)'=';
            var token = literal ? ((char)b).ToString() : "=" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
            if (column + token.Length > 75)
            {
                sb.Append("=\r\n");
                column = 0;
            }

            sb.Append(token);
            column += token.Length;
        }

        return sb.ToString();
    }
}
