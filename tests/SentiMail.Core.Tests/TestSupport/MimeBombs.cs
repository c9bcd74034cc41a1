using System.Text;

namespace SentiMail.Tests.TestSupport;

/// <summary>Messages built to break MIME limits.</summary>
internal static class MimeBombs
{
    private const string Headers = "From: alice@harbourline-design.com\r\nTo: bob@example.org\r\nDate: Mon, 02 Nov 2026 09:14:00 +0000\r\nMessage-ID: <bomb@harbourline-design.com>\r\nMIME-Version: 1.0\r\n";

    /// <summary>A message whose body nests <paramref name="depth"/> multipart/mixed entities around one text part (the
    /// text part is at depth <paramref name="depth"/>, the message body at depth 0).</summary>
    public static byte[] NestedMultiparts(int depth)
    {
        var sb = new StringBuilder(Headers).Append("Subject: Deep message\r\n");
        for (var i = 0; i < depth; i++)
        {
            sb.Append("Content-Type: multipart/mixed; boundary=\"b").Append(i).Append("\"\r\n\r\n--b").Append(i).Append("\r\n");
        }

        sb.Append("Content-Type: text/plain\r\n\r\nHello from the bottom.\r\n");
        for (var i = depth - 1; i >= 0; i--)
        {
            sb.Append("--b").Append(i).Append("--\r\n");
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>A message whose body nests <paramref name="depth"/> message/rfc822 entities.</summary>
    public static byte[] NestedMessages(int depth)
    {
        var sb = new StringBuilder(Headers).Append("Subject: Deep message\r\n");
        for (var i = 0; i < depth; i++)
        {
            sb.Append("Content-Type: message/rfc822\r\n\r\nFrom: level").Append(i).Append("@example.com\r\nSubject: level ").Append(i).Append("\r\n");
        }

        sb.Append("Content-Type: text/plain\r\n\r\nHello from the bottom.\r\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>A multipart/mixed message with <paramref name="parts"/> text parts.</summary>
    public static byte[] ManyParts(int parts)
    {
        var sb = new StringBuilder(Headers).Append("Subject: Many parts\r\nContent-Type: multipart/mixed; boundary=\"sep\"\r\n\r\n");
        for (var i = 0; i < parts; i++)
        {
            sb.Append("--sep\r\nContent-Type: text/plain\r\n\r\nPart ").Append(i).Append("\r\n");
        }

        sb.Append("--sep--\r\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
