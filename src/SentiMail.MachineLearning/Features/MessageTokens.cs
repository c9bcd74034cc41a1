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

    [ThreadStatic]
    private static TokenSet? t_set;

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
        var tokens = t_set ??= new TokenSet();
        tokens.Clear();
        var sink = new Collecting(tokens);
        Walk(context, ref sink);
        return tokens.ToSortedArray();
    }

    /// <summary>Finds what some of a message's tokens stand for, in words a reader can follow (<c>subject "free"</c>,
    /// <c>header field X-Mailer</c>): used to explain the model's strongest clues.</summary>
    /// <param name="context">The analysed message.</param>
    /// <param name="wanted">The token hashes to describe.</param>
    /// <returns>The description of each wanted token found in the message (its first occurrence).</returns>
    internal static Dictionary<ulong, string> Describe(AnalysisContext context, ReadOnlySpan<ulong> wanted)
    {
        var sink = new Describing(wanted.ToArray());
        if (!wanted.IsEmpty)
        {
            Walk(context, ref sink);
        }

        return sink.Found;
    }

    private static void Walk<TSink>(AnalysisContext context, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        var fields = 0;
        foreach (var header in context.Message.Headers)
        {
            if (++fields > MaxHeaderFields || sink.Done)
            {
                break;
            }

            var field = header.Field;
            if (s_storeHeaders.Contains(field) || field.StartsWith("X-Spam", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            sink.Add(Hash("H:", field, lower: true), TokenSource.HeaderName, field, field, 0, field.Length);
            if (header.Id == HeaderId.Subject)
            {
                BodyWords(ref sink, "s:", TokenSource.Subject, header.Value);
            }
            else if (header.Id == HeaderId.Received)
            {
                HeaderWords(ref sink, Hash("r:", [], lower: false), TokenSource.Received, field, header.Value, lettersFirst: true);
            }
            else if (s_wordHeaders.Contains(field))
            {
                // The prefix is the field's name, lowercase, and a colon: hashed on from the name's hash.
                HeaderWords(ref sink, (Hash(string.Empty, field, lower: true) ^ ':') * Prime, TokenSource.HeaderWord, field, header.Value, lettersFirst: false);
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
                var type = part.ContentType.MimeType;
                sink.Add(Hash("ct:", type, lower: true), TokenSource.PartType, string.Empty, type, 0, type.Length);
            }
        }

        BodyWords(ref sink, string.Empty, TokenSource.Body, Shorten(context.TextBody));
        BodyWords(ref sink, string.Empty, TokenSource.Body, Shorten(context.HtmlBody));
    }

    private static ReadOnlySpan<char> Shorten(string text) => text.AsSpan(0, Math.Min(text.Length, MaxBodyLength));

    /// <summary>Words of running text: letters, digits and <c>$ ! ' -</c>, 3 to 20 characters (longer runs are cut into
    /// 20-character pieces), lowercase.</summary>
    private static void BodyWords<TSink>(ref TSink sink, string prefix, TokenSource source, ReadOnlySpan<char> text)
        where TSink : struct, ITokenSink
    {
        // The hash is built as the word is read: FNV-1a of the prefix, then of each character, lowercased (every
        // character kept is ASCII, so lowering is setting one bit on capitals).
        var start = Hash(prefix, [], lower: false);
        var hash = start;
        var length = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsAsciiLetterOrDigit(c) || c is '$' or '!' or '\'' or '-')
            {
                hash = (hash ^ (char.IsAsciiLetterUpper(c) ? (uint)(c | 0x20) : c)) * Prime;
                if (++length == MaxWordLength)
                {
                    sink.Add(hash, source, string.Empty, text, i + 1 - length, length);
                    hash = start;
                    length = 0;
                }

                continue;
            }

            if (length >= MinBodyWordLength)
            {
                sink.Add(hash, source, string.Empty, text, i - length, length);
                if (sink.Done)
                {
                    return;
                }
            }

            hash = start;
            length = 0;
        }
    }

    /// <summary>Words of a header field: runs of letters, digits, dots and dashes of 2 to 30 characters (with
    /// <paramref name="lettersFirst"/>, runs starting with a letter and holding no digit, 3 to 31 characters: the names
    /// and software of a Received line without its addresses, ids and dates).</summary>
    private static void HeaderWords<TSink>(ref TSink sink, ulong prefix, TokenSource source, string field, ReadOnlySpan<char> value, bool lettersFirst)
        where TSink : struct, ITokenSink
    {
        var hash = prefix;
        var length = 0;
        var digit = false;
        var letterFirst = false;
        for (var i = 0; i <= value.Length; i++)
        {
            var c = i < value.Length ? value[i] : ' ';
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            {
                if (length == 0)
                {
                    letterFirst = char.IsAsciiLetter(c);
                    digit = false;
                }

                digit |= char.IsAsciiDigit(c);
                hash = (hash ^ (char.IsAsciiLetterUpper(c) ? (uint)(c | 0x20) : c)) * Prime;
                length++;
                continue;
            }

            if (length > 0)
            {
                var keep = lettersFirst
                    ? length is >= 3 and <= MaxHeaderWordLength + 1 && letterFirst && !digit
                    : length is >= 2 and <= MaxHeaderWordLength;
                if (keep)
                {
                    sink.Add(hash, source, field, value, i - length, length);
                }
            }

            hash = prefix;
            length = 0;
        }
    }

    /// <summary>Where a token comes from, for its description.</summary>
    private enum TokenSource
    {
        HeaderName,
        Subject,
        Received,
        HeaderWord,
        PartType,
        Body,
    }

    /// <summary>Receives each token as it is read: its hash, and where its text lies (the text only matters to
    /// <see cref="Describing"/>; the collecting sink, a struct, compiles to the hash alone).</summary>
    private interface ITokenSink
    {
        /// <summary>Gets whether the sink needs no more tokens (checked between fields and after body words).</summary>
        bool Done { get; }

        void Add(ulong hash, TokenSource source, string field, ReadOnlySpan<char> text, int start, int length);
    }

    private readonly struct Collecting(TokenSet tokens) : ITokenSink
    {
        public bool Done => false;

        public void Add(ulong hash, TokenSource source, string field, ReadOnlySpan<char> text, int start, int length) => tokens.Add(hash);
    }

    /// <summary>Describes a few wanted tokens (the model's clues, at most 20: a vectorised search of a small array is
    /// cheaper than a hash set per token read) and stops the walk once it has them all.</summary>
    private readonly struct Describing(ulong[] wanted) : ITokenSink
    {
        public Dictionary<ulong, string> Found { get; } = [];

        public bool Done => Found.Count == wanted.Length;

        public void Add(ulong hash, TokenSource source, string field, ReadOnlySpan<char> text, int start, int length)
        {
            if (!wanted.AsSpan().Contains(hash) || Found.ContainsKey(hash))
            {
                return;
            }

            var word = text.Slice(start, length).ToString().ToLowerInvariant();
            Found[hash] = source switch
            {
                TokenSource.HeaderName => "header field " + field,
                TokenSource.Subject => $"subject \"{word}\"",
                TokenSource.Received => $"Received \"{word}\"",
                TokenSource.HeaderWord => $"{field} \"{word}\"",
                TokenSource.PartType => "part type " + word,
                _ => $"\"{word}\"",
            };
        }
    }

    /// <summary>The distinct tokens of one message: an open-addressing set of hashes, reused by each thread; it
    /// remembers where it put each hash, so that clearing it costs what filling it did, whatever its size.</summary>
    private sealed class TokenSet
    {
        private ulong[] _slots = new ulong[1024];
        private int[] _positions = new int[512];
        private ulong[] _items = new ulong[512];
        private bool _hasZero;
        private int _count;

        public void Clear()
        {
            for (var i = 0; i < _count; i++)
            {
                if (_positions[i] >= 0)
                {
                    _slots[_positions[i]] = 0;
                }
            }

            _hasZero = false;
            _count = 0;
        }

        public void Add(ulong hash)
        {
            var position = -1;
            if (hash == 0)
            {
                // 0 marks an empty slot; the one hash equal to it is kept aside.
                if (_hasZero)
                {
                    return;
                }

                _hasZero = true;
            }
            else
            {
                var mask = _slots.Length - 1;
                position = (int)(hash ^ (hash >> 29)) & mask;
                while (_slots[position] != 0)
                {
                    if (_slots[position] == hash)
                    {
                        return;
                    }

                    position = (position + 1) & mask;
                }

                _slots[position] = hash;
            }

            if (_count == _items.Length)
            {
                Array.Resize(ref _items, _count * 2);
                Array.Resize(ref _positions, _count * 2);
            }

            _items[_count] = hash;
            _positions[_count] = position;
            if (++_count * 2 > _slots.Length)
            {
                Grow();
            }
        }

        public ulong[] ToSortedArray()
        {
            var result = _items.AsSpan(0, _count).ToArray();
            Array.Sort(result);
            return result;
        }

        private void Grow()
        {
            _slots = new ulong[_slots.Length * 2];
            var mask = _slots.Length - 1;
            for (var i = 0; i < _count; i++)
            {
                var hash = _items[i];
                if (hash == 0)
                {
                    continue;
                }

                var position = (int)(hash ^ (hash >> 29)) & mask;
                while (_slots[position] != 0)
                {
                    position = (position + 1) & mask;
                }

                _slots[position] = hash;
                _positions[i] = position;
            }
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
