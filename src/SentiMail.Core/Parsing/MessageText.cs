namespace SentiMail.Parsing;

/// <summary>Tells raw bytes that are an email (RFC 5322: a block of header fields, then a blank line) from text that
/// merely starts like one.</summary>
internal static class MessageText
{
    private const int MaxNameLength = 998;

    /// <summary>The fields of which a message's header block holds at least one.</summary>
    private static readonly string[] s_messageFields =
    [
        "from", "to", "cc", "subject", "date", "message-id", "received", "mime-version", "return-path", "sender", "reply-to",
    ];

    /// <summary>Tells whether the bytes start with a header field name (printable ASCII but the colon, RFC 5322 ftext)
    /// followed by a colon, blank space allowed before it as in the obsolete syntax, or with an mbox <c>From </c>
    /// separator line.</summary>
    /// <param name="span">The bytes.</param>
    /// <returns><see langword="true"/> when they start so.</returns>
    public static bool StartsWithHeaderField(ReadOnlySpan<byte> span) => span.StartsWith("From "u8) || StartsWithFieldName(span);

    /// <summary>Tells whether the bytes start with a header field name (printable ASCII but the colon, RFC 5322 ftext)
    /// followed by a colon, blank space allowed before it as in the obsolete syntax.</summary>
    /// <param name="span">The bytes.</param>
    /// <returns><see langword="true"/> when they start so.</returns>
    public static bool StartsWithFieldName(ReadOnlySpan<byte> span) => FieldNameLength(span) > 0;

    /// <summary>Tells whether the bytes are a message by their form: an optional mbox <c>From </c> line, then header
    /// fields only (each a name and a colon, or a folded line going on with the previous one), at least one of them a
    /// message's (From, To, Subject, Date, Message-ID, Received...), then a blank line. A text whose first lines read
    /// <c>From:</c> but go on as prose is no message.</summary>
    /// <param name="span">The bytes.</param>
    /// <returns><see langword="true"/> for a message.</returns>
    public static bool HasHeaderBlock(ReadOnlySpan<byte> span)
    {
        var rest = SkipMboxLine(span);
        var fields = 0;
        var known = false;
        while (true)
        {
            var eol = rest.IndexOf((byte)'\n');
            if (eol < 0)
            {
                // No blank line: the header block does not end, and there is no body.
                return false;
            }

            var line = rest[..eol];
            if (line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                return fields > 0 && known;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (fields == 0)
                {
                    return false;
                }
            }
            else if (FieldNameLength(line) is > 0 and var length)
            {
                fields++;
                known |= IsMessageField(line[..length]);
            }
            else
            {
                return false;
            }

            rest = rest[(eol + 1)..];
        }
    }

    /// <summary>Returns the bytes after an mbox <c>From </c> separator line, or all of them when there is none.</summary>
    /// <param name="span">The bytes.</param>
    /// <returns>The bytes from the header block on.</returns>
    public static ReadOnlySpan<byte> SkipMboxLine(ReadOnlySpan<byte> span)
    {
        if (!span.StartsWith("From "u8))
        {
            return span;
        }

        var eol = span.IndexOf((byte)'\n');
        return eol < 0 ? [] : span[(eol + 1)..];
    }

    /// <summary>The length of the field name a line starts with (without the blank space and colon after it), or 0.</summary>
    private static int FieldNameLength(ReadOnlySpan<byte> span)
    {
        var i = 0;
        while (i < span.Length && i < MaxNameLength && span[i] is >= 33 and <= 126 and not (byte)':')
        {
            i++;
        }

        if (i == 0)
        {
            return 0;
        }

        var name = i;
        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        return i < span.Length && span[i] == ':' ? name : 0;
    }

    private static bool IsMessageField(ReadOnlySpan<byte> name)
    {
        foreach (var field in s_messageFields)
        {
            if (name.Length == field.Length && System.Text.Ascii.EqualsIgnoreCase(name, field))
            {
                return true;
            }
        }

        return false;
    }
}
