using System.Globalization;
using MimeKit;

namespace SentiMail.Parsing;

/// <summary>Checks raw bytes against the limits, parses them with MimeKit and walks the MIME tree once.</summary>
internal sealed class MessageParser
{
    private static readonly string[] s_knownHeaders =
    [
        "From", "To", "Cc", "Subject", "Date", "Message-ID", "Received", "MIME-Version", "Return-Path", "Sender",
        "Reply-To", "Content-Type", "Delivered-To", "X-Mailer", "In-Reply-To", "References", "Envelope-To",
    ];

    private readonly MessageLimits _limits;
    private readonly ParserOptions _parserOptions;

    static MessageParser()
    {
        // .NET ships only Unicode and Latin-1 encodings by default; mail still uses windows-125x, ISO-2022-JP, KOI8-R,
        // GB2312 and the like. Without the code-page provider their text would decode as garbage (and lures in it
        // would go unseen). Registering is idempotent and process-wide.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
    }

    public MessageParser(MessageLimits limits)
    {
        _limits = limits;
        _parserOptions = ParserOptions.Default.Clone();

        // MimeKit stops nesting at its own limit and turns deeper entities into leaves; give it headroom so that the
        // walk sees the real depth and says what it left out.
        _parserOptions.MaxMimeDepth = limits.MaxMimeDepth + 2;
    }

    public ParsedMessage Parse(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        var span = buffer.AsSpan(0, length);
        CheckRawBytes(span);

        // Persistent parsing: MIME parts point into the caller's buffer instead of copying it. The stream must stay
        // open while the message is used, and a MemoryStream holds no unmanaged resource, so it is left to the GC.
        var stream = new MemoryStream(buffer, 0, length, writable: false, publiclyVisible: true);
        var parser = new MimeParser(_parserOptions, stream, MimeFormat.Entity, persistent: true);
        MimeMessage message;
        try
        {
            message = parser.ParseMessage(cancellationToken);
        }
        catch (FormatException ex)
        {
            throw new MessageRejectedException(RejectionReason.NotAnEmail, "The input is not an email: " + ex.Message, ex);
        }

        if (!HasMessageHeaders(message))
        {
            throw new MessageRejectedException(RejectionReason.NotAnEmail, "The input is not an email: it has no message header fields (From, To, Subject, Date, Received...).");
        }

        var walker = new MimeWalker(_limits, _parserOptions);
        walker.Walk(message, cancellationToken);
        return new ParsedMessage(message, walker.Entities, length, walker.Uninspected, walker.Owned);
    }

    private void CheckRawBytes(ReadOnlySpan<byte> span)
    {
        if (span.IsEmpty || span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw new MessageRejectedException(RejectionReason.Empty, "The input is empty.");
        }

        // A file's magic bytes reject it, unless the first line reads as a header field ("GIF89a: 1", "%PDF-1.7: x"):
        // MimeKit and mail clients take such a line for a field and show the message under it.
        if (!MessageText.StartsWithFieldName(span) && KnownFormat(span) is { } format)
        {
            throw new MessageRejectedException(RejectionReason.NotAnEmail, $"The input is not an email: it looks like {format}.");
        }

        // An mbox "From " separator line may precede the headers.
        var start = 0;
        if (span.StartsWith("From "u8))
        {
            var eol = span.IndexOf((byte)'\n');
            start = eol < 0 ? span.Length : eol + 1;
        }

        var headers = span[start..];
        var end = FindHeaderEnd(headers);
        var headerLength = end < 0 ? headers.Length : end;
        if (headerLength > _limits.MaxHeaderBytes)
        {
            throw new MessageRejectedException(
                RejectionReason.HeaderTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The header block is too large: over the limit of {_limits.MaxHeaderBytes:N0} bytes."));
        }

        // NUL bytes in the header block do not reject the input: MimeKit reads the fields around them, and clients show
        // the message. Binary data without a single message header field is still rejected once parsed.
    }

    private static int FindHeaderEnd(ReadOnlySpan<byte> span)
    {
        var offset = 0;
        while (offset < span.Length)
        {
            var i = span[offset..].IndexOf((byte)'\n');
            if (i < 0)
            {
                return -1;
            }

            var next = offset + i + 1;
            if (next < span.Length && span[next] == '\n')
            {
                return next;
            }

            if (next + 1 < span.Length && span[next] == '\r' && span[next + 1] == '\n')
            {
                return next;
            }

            offset = next;
        }

        return -1;
    }

    private static string? KnownFormat(ReadOnlySpan<byte> span) => span switch
    {
        _ when span.StartsWith("%PDF-"u8) => "a PDF document",
        _ when span.StartsWith("PK\u0003\u0004"u8) => "a ZIP archive",
        _ when span.StartsWith("MZ"u8) && span.Length > 64 => "a Windows executable",
        _ when span.StartsWith("\u007FELF"u8) => "an ELF executable",
        _ when span.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) => "a PNG image",
        _ when span.StartsWith("GIF8"u8) => "a GIF image",
        _ when span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) => "a JPEG image",
        _ when span.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) => "a gzip archive",
        _ when span.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) => "an OLE (legacy Office) document",
        _ when span.StartsWith("Rar!"u8) => "a RAR archive",
        _ when span.StartsWith((ReadOnlySpan<byte>)[(byte)'7', (byte)'z', 0xBC, 0xAF]) => "a 7-Zip archive",
        _ => null,
    };

    private static bool HasMessageHeaders(MimeMessage message)
    {
        if (message.Headers.Count == 0)
        {
            return false;
        }

        foreach (var name in s_knownHeaders)
        {
            if (message.Headers.Contains(name))
            {
                return true;
            }
        }

        return false;
    }
}
