using MimeKit;
using SentiMail.Context;

namespace SentiMail.MachineLearning.Features;

/// <summary>
/// The distinct tokens of a message that the model's token statistics (<see cref="Model.TokenBayes"/>) read, as 64-bit
/// hashes: the names of its header fields, the words of its subject, of its Received lines and of the sender,
/// recipient, client, Message-ID and content-type fields (each with its field's prefix), the MIME types of its non-text
/// parts, and the words of its text and HTML bodies as sent (tags included: how a message is marked up says as much as
/// its words).
/// </summary>
/// <remarks>
/// Header fields that a mailbox or another filter adds after delivery (Delivered-To, Return-Path, X-Spam-*, X-Status,
/// X-Keywords...) are left out: they describe where the message was stored, not the message. Words are runs of letters,
/// digits and <c>$ ! ' -</c> (3 to 20 characters, lowercase) in text, and of letters, digits, dots and dashes in the
/// sender and recipient fields. The hash is 64-bit FNV-1a of the prefix and the word, the same on every platform and
/// run.
/// </remarks>
public static class MessageTokens
{
    /// <summary>The most characters read of each body (text and HTML).</summary>
    public const int MaxBodyLength = 20_000;

    private const int MaxWordLength = 20;
    private const int MinBodyWordLength = 3;
    private const int MaxHeaderWordLength = 30;
    private const int MaxHeaderFields = 100;
    private const int MaxParts = 30;
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private static readonly HashSet<string> s_storeHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Delivered-To", "Return-Path", "X-Keywords", "Delivery-Date", "X-Status", "X-UID", "Status", "X-Original-Date",
        "X-Original-To", "Envelope-To", "X-Envelope-From", "X-Envelope-To", "Lines", "Content-Length", "X-IMAP", "X-IMAPbase",
    };

    private static readonly HashSet<string> s_wordHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "Reply-To", "To", "Cc", "X-Mailer", "User-Agent", "Message-ID", "Content-Type", "Sender", "List-Id",
    };

    /// <summary>Collects the distinct token hashes of a message.</summary>
    /// <param name="context">The analysed message.</param>
    /// <returns>The hashes, sorted, each once.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public static ulong[] Collect(AnalysisContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tokens = new HashSet<ulong>();
        var fields = 0;
        foreach (var header in context.Message.Headers)
        {
            if (++fields > MaxHeaderFields)
            {
                break;
            }

            var field = header.Field;
            if (s_storeHeaders.Contains(field) || field.StartsWith("X-Spam", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            tokens.Add(Hash("H:", field, lower: true));
            if (header.Id == HeaderId.Subject)
            {
                BodyWords(tokens, "s:", header.Value);
            }
            else if (header.Id == HeaderId.Received)
            {
                HeaderWords(tokens, "r:", header.Value, lettersFirst: true);
            }
            else if (s_wordHeaders.Contains(field))
            {
                HeaderWords(tokens, string.Concat(field.ToLowerInvariant(), ":"), header.Value, lettersFirst: false);
            }
        }

        var parts = 0;
        foreach (var part in context.Message.BodyParts)
        {
            if (++parts > MaxParts)
            {
                break;
            }

            if (!part.ContentType.IsMimeType("text", "*"))
            {
                tokens.Add(Hash("ct:", part.ContentType.MimeType, lower: true));
            }
        }

        BodyWords(tokens, string.Empty, Shorten(context.TextBody));
        BodyWords(tokens, string.Empty, Shorten(context.HtmlBody));
        var result = tokens.ToArray();
        Array.Sort(result);
        return result;
    }

    private static ReadOnlySpan<char> Shorten(string text) => text.AsSpan(0, Math.Min(text.Length, MaxBodyLength));

    /// <summary>Words of running text: letters, digits and <c>$ ! ' -</c>, 3 to 20 characters (longer runs are cut into
    /// 20-character pieces), lowercase.</summary>
    private static void BodyWords(HashSet<ulong> tokens, string prefix, ReadOnlySpan<char> text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '$' or '!' or '\'' or '-');
            if (inWord)
            {
                if (start < 0)
                {
                    start = i;
                }

                if (i - start + 1 == MaxWordLength)
                {
                    tokens.Add(Hash(prefix, text[start..(i + 1)], lower: true));
                    start = -1;
                }

                continue;
            }

            if (start >= 0 && i - start >= MinBodyWordLength)
            {
                tokens.Add(Hash(prefix, text[start..i], lower: true));
            }

            start = -1;
        }
    }

    /// <summary>Words of a header field: runs of letters, digits, dots and dashes of 2 to 30 characters (with
    /// <paramref name="lettersFirst"/>, runs starting with a letter and holding no digit, 3 to 31 characters: the names
    /// and software of a Received line without its addresses, ids and dates).</summary>
    private static void HeaderWords(HashSet<ulong> tokens, string prefix, ReadOnlySpan<char> value, bool lettersFirst)
    {
        var start = -1;
        var digit = false;
        for (var i = 0; i <= value.Length; i++)
        {
            var c = i < value.Length ? value[i] : ' ';
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            {
                if (start < 0)
                {
                    start = i;
                    digit = false;
                }

                digit |= char.IsAsciiDigit(c);
                continue;
            }

            if (start >= 0)
            {
                var word = value[start..i];
                var keep = lettersFirst
                    ? word.Length is >= 3 and <= MaxHeaderWordLength + 1 && char.IsAsciiLetter(word[0]) && !digit
                    : word.Length is >= 2 and <= MaxHeaderWordLength;
                if (keep)
                {
                    tokens.Add(Hash(prefix, word, lower: true));
                }
            }

            start = -1;
        }
    }

    /// <summary>64-bit FNV-1a over the prefix and the text's UTF-16 code units.</summary>
    internal static ulong Hash(string prefix, ReadOnlySpan<char> text, bool lower)
    {
        var hash = OffsetBasis;
        foreach (var c in prefix)
        {
            hash = (hash ^ c) * Prime;
        }

        foreach (var c in text)
        {
            hash = (hash ^ (lower ? char.ToLowerInvariant(c) : c)) * Prime;
        }

        return hash;
    }
}
