using System.Buffers;
using System.Globalization;
using System.Text;
using MimeKit;
using SentiMail.Context;
using SentiMail.Signals;

namespace SentiMail.MachineLearning.Features;

/// <summary>
/// Turns an analysed message (its <see cref="AnalysisContext"/> and the signals the rule analyzers raised) into a
/// <see cref="SpamModelInput"/>. Reads only what the context already derived: nothing is parsed again.
/// </summary>
public static class MessageFeatures
{
    /// <summary>The most characters of visible text given to the model.</summary>
    public const int MaxBodyLength = 6000;

    /// <summary>The most link hosts given to the model.</summary>
    public const int MaxHosts = 32;

    private const int MaxReceivedHops = 8;
    private const int MaxReceivedWords = 40;
    private const int MaxWordLength = 25;
    private const int MaxShapeLength = 40;

    private static readonly SearchValues<char> s_digits = SearchValues.Create("0123456789");

    // What each slot of SpamModelInput.Counts holds, in the order Build fills them, as the explanations name them.
    private static readonly string[] s_countNames =
    [
        "the rule points", "the message's size", "the number of links", "the number of link hosts", "attachments",
        "an HTML body", "a plain-text body", "HTML without a plain-text body", "capitals in the subject",
        "capitals in the text", "'!' in the subject", "'$' in the text", "the length of the visible text",
        "hidden text", "forms", "the number of Received headers",
    ];

    // For each ASCII character: itself lowercased when it is a letter or digit, '\0' otherwise.
    private static readonly char[] s_asciiLettersAndDigits = [.. Enumerable.Range(0, 128).Select(c => char.IsAsciiLetterOrDigit((char)c) ? char.ToLowerInvariant((char)c) : '\0')];
    private static readonly SearchValues<char> s_urlSeparators = SearchValues.Create("/?&=.-_#%+");


    // Headers whose presence says something about how a message was sent; X-Spam-* and other filter verdicts are
    // left out on purpose (they would teach the model another filter's opinion).
    private static readonly string[] s_presenceHeaders =
    [
        "List-Unsubscribe", "List-Id", "List-Post", "Mailing-List", "Precedence", "In-Reply-To", "References",
        "X-Priority", "X-MSMail-Priority", "Organization", "MIME-Version", "X-Mailer", "User-Agent", "Reply-To",
        "Errors-To", "X-Originating-IP", "Content-Transfer-Encoding", "Disposition-Notification-To", "X-Mailing-List",
        "Sender", "Cc", "Importance", "Thread-Index", "X-Accept-Language", "X-Loop",
    ];

    /// <summary>Builds the model input of one message.</summary>
    /// <param name="context">The analysed message.</param>
    /// <param name="signals">The signals raised by the rule analyzers, with the weights they applied.</param>
    /// <param name="signalSlots">The slot of each known signal id in <see cref="SpamModelInput.Signals"/>.</param>
    /// <returns>The model input.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>Also fills the informative text columns (<see cref="SpamModelInput.Hosts"/>, <see cref="SpamModelInput.Links"/>,
    /// <see cref="SpamModelInput.Headers"/>), which the model does not read.</remarks>
    public static SpamModelInput Extract(AnalysisContext context, IReadOnlyList<Signal> signals, IReadOnlyDictionary<string, int> signalSlots) =>
        Build(context, signals, signalSlots, describe: true);

    /// <summary>Builds the model input of one message without the informative text columns, which only cost time
    /// when a message is scored (the model reads the hashes of their tokens).</summary>
    /// <param name="context">The analysed message.</param>
    /// <param name="signals">The signals raised by the rule analyzers, with the weights they applied.</param>
    /// <param name="signalSlots">The slot of each known signal id in <see cref="SpamModelInput.Signals"/>.</param>
    /// <returns>The model input.</returns>
    internal static SpamModelInput ExtractForScoring(AnalysisContext context, IReadOnlyList<Signal> signals, IReadOnlyDictionary<string, int> signalSlots) =>
        Build(context, signals, signalSlots, describe: false);

    /// <summary>Names an input of the model, as the explanations show it: a rule signal by its id, a count by what it
    /// counts.</summary>
    /// <param name="feature">The input's index in the concatenated feature vector: hashed text
    /// (<see cref="SpamModelInput.TextSlots"/>), then signals (<see cref="SpamModelInput.SignalSlots"/>), then counts.</param>
    /// <param name="signalIds">The model's signal id of each signal slot.</param>
    /// <returns>The name, or <see langword="null"/> for a hashed text slot (many words share one) or a signal slot
    /// without an id.</returns>
    internal static string? NameInput(int feature, IReadOnlyList<string> signalIds)
    {
        var signal = feature - SpamModelInput.TextSlots;
        var count = signal - SpamModelInput.SignalSlots;
        return feature switch
        {
            < SpamModelInput.TextSlots => null,
            _ when signal < SpamModelInput.SignalSlots => signal < signalIds.Count ? "rule signal " + signalIds[signal] : null,
            _ when count < s_countNames.Length => s_countNames[count],
            _ => null,
        };
    }

    private static SpamModelInput Build(AnalysisContext context, IReadOnlyList<Signal> signals, IReadOnlyDictionary<string, int> signalSlots, bool describe)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(signalSlots);

        var body = context.VisibleText.Length > MaxBodyLength ? context.VisibleText[..MaxBodyLength] : context.VisibleText;
        var text = new HashedText();
        text.AddWords(context.Subject, 1, pairs: true, 1000);
        text.AddCharacterTrigrams(context.Subject, 2, 200);
        text.AddWords(body, 3, pairs: true, MaxBodyLength);

        // The token fields are hashed as they are read, and echoed as space-separated text for the record.
        var hosts = describe ? new StringBuilder(256) : null;
        var links = describe ? new StringBuilder(1024) : null;
        var headers = describe ? new StringBuilder(2048) : null;
        text.BeginField(4, hosts);
        HostTokens(context, text);
        text.EndField();
        text.BeginField(5, headers);
        StructureTokens(context, text);
        text.EndField();
        text.BeginField(7, links);
        LinkTokens(context, text);
        text.EndField();
        text.BeginField(9, headers);
        SenderTokens(context, text);
        text.EndField();
        text.BeginField(10, headers);
        ReceivedTokens(context, text);
        text.EndField();

        var input = new SpamModelInput
        {
            Subject = context.Subject,
            Body = body,
            Hosts = hosts?.ToString() ?? string.Empty,
            Links = links?.ToString() ?? string.Empty,
            Headers = headers?.ToString() ?? string.Empty,
            Tokens = MessageTokens.Collect(context),
        };
        var (indices, values) = text.ToSparse();
        input.Text = new Microsoft.ML.Data.VBuffer<float>(SpamModelInput.TextSlots, indices.Length, values, indices);

        double ruleScore = 0;
        foreach (var signal in signals)
        {
            ruleScore += signal.Weight;
            if (signalSlots.TryGetValue(signal.Id, out var slot) && (uint)slot < SpamModelInput.SignalSlots)
            {
                input.Signals[slot] = (float)(signal.Weight / 100);
            }
        }

        var c = input.Counts;
        c[0] = (float)(Math.Clamp(ruleScore, 0, 100) / 100);
        c[1] = Log(context.Size);
        c[2] = Log(context.Links.Count);
        c[3] = Log(context.Links.Select(l => l.Host).Where(h => h is not null).Distinct(StringComparer.Ordinal).Count());
        c[4] = Log(context.Attachments.Count);
        c[5] = context.HtmlBody.Length > 0 ? 1 : 0;
        c[6] = context.TextBody.Length > 0 ? 1 : 0;
        c[7] = context.HtmlBody.Length > 0 && context.TextBody.Length == 0 ? 1 : 0;
        c[8] = UpperRatio(context.Subject);
        c[9] = UpperRatio(input.Body);
        c[10] = Log(Count(context.Subject, '!'));
        c[11] = Log(Count(input.Body, '$'));
        c[12] = Log(context.VisibleText.Length);
        c[13] = Log(context.Html.HiddenText.Length);
        c[14] = Log(context.Forms.Count);
        c[15] = Log(context.ReceivedChain.Count);
        return input;
    }

    private static void HostTokens(AnalysisContext context, HashedText tokens)
    {
        if (context.Senders.FromDomain is { } from)
        {
            tokens.Token("from.", from);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in context.Links)
        {
            if (link.Host is { Length: > 0 } host && seen.Add(host))
            {
                tokens.Token(string.Empty, host);
                if (seen.Count >= MaxHosts)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Tokens of the message's structure: which list and client headers it has, its MIME parts, the sender's
    /// top-level domain, the number of recipients and relays.</summary>
    private static void StructureTokens(AnalysisContext context, HashedText tokens)
    {
        var message = context.Message;
        foreach (var name in s_presenceHeaders)
        {
            if (message.Headers.Contains(name))
            {
                tokens.Token("has-", name, lower: true);
            }
        }

        var mailer = message.Headers["X-Mailer"] ?? message.Headers["User-Agent"];
        if (!string.IsNullOrWhiteSpace(mailer))
        {
            tokens.Token("mailer-", FirstWord(mailer), lower: true);
        }

        if (message.Body is { } body)
        {
            tokens.Token("type-", body.ContentType.MimeType, lower: true);
            foreach (var part in message.BodyParts.Take(20))
            {
                tokens.Token("part-", part.ContentType.MimeType, lower: true);
                if (part.ContentType.Charset is { Length: > 0 } charset)
                {
                    tokens.Token("charset-", charset, lower: true);
                }

                if (part is MimePart { ContentTransferEncoding: var encoding })
                {
                    tokens.Token("cte-", encoding.ToString(), lower: true);
                }
            }
        }

        if (context.Senders.FromDomain is { } domain)
        {
            var dot = domain.LastIndexOf('.');
            tokens.Token("from-tld-", domain.AsSpan(dot + 1));
        }

        if (!string.IsNullOrEmpty(context.Senders.FromDisplayName))
        {
            tokens.Token("from-has-name", []);
        }

        tokens.Token("to-", Bucket(message.To.Count + message.Cc.Count));
        tokens.Token("hops-", Bucket(context.ReceivedChain.Count));
        if (context.Subject.StartsWith("re:", StringComparison.OrdinalIgnoreCase))
        {
            tokens.Token("subject-reply", []);
        }
    }

    /// <summary>Tokens of the links: host labels and top-level domain, where the link was found and its scheme, the
    /// words of its path and query.</summary>
    private static void LinkTokens(AnalysisContext context, HashedText tokens)
    {
        var count = 0;
        foreach (var link in context.Links)
        {
            if (++count > MaxHosts)
            {
                break;
            }

            if (link.Host is { Length: > 0 } host)
            {
                var labels = 0;
                foreach (var range in host.AsSpan().Split('.'))
                {
                    tokens.Token("hl:", host.AsSpan()[range]);
                    labels++;
                }

                if (labels >= 2)
                {
                    tokens.Token("tld:", host.AsSpan(host.LastIndexOf('.') + 1));
                }

                if (char.IsAsciiDigit(host[^1]))
                {
                    tokens.Token("ip-host", []);
                }
            }

            tokens.Token("scheme:", link.Source.ToString(), ":", link.Scheme);
            var url = link.Url.AsSpan();
            var authority = url.IndexOf("//", StringComparison.Ordinal);
            var rest = authority >= 0 ? url[(authority + 2)..] : url;
            var slash = rest.IndexOf('/');
            var path = slash >= 0 ? rest[slash..] : [];
            foreach (var range in path.SplitAny(s_urlSeparators))
            {
                var word = path[range];
                if (word.Length is > 1 and < 20 && word.ContainsAnyExcept(s_digits))
                {
                    tokens.Token("p:", word, lower: true);
                }
            }

            if (path.Contains('?'))
            {
                tokens.Token("has-query", []);
            }

            if (url.Contains('@'))
            {
                tokens.Token("url-at", []);
            }
        }
    }

    /// <summary>Tokens of who sent the message and with what: display-name words, the shape and words of the address,
    /// the sender, reply and envelope domains, the mail client, the Message-ID and Date shapes, the recipients, the
    /// content type, priority headers and attachment extensions.</summary>
    private static void SenderTokens(AnalysisContext context, HashedText tokens)
    {
        var senders = context.Senders;
        Span<char> shape = stackalloc char[MaxShapeLength];
        Words(tokens, "fn:", senders.FromDisplayName);
        var address = (senders.FromAddress ?? string.Empty).AsSpan();
        var at = address.IndexOf('@');
        var local = at > 0 ? address[..at] : address;
        Span<char> lowered = stackalloc char[Math.Min(local.Length, 256)];
        local = local[..lowered.Length];
        local.ToLowerInvariant(lowered);
        tokens.Token("fl:", Shape(lowered, shape));
        Words(tokens, "flw:", lowered);
        var fromDomain = (senders.FromDomain ?? string.Empty).AsSpan();
        foreach (var range in fromDomain.Split('.'))
        {
            tokens.Token("fd:", fromDomain[range]);
        }

        foreach (var replyTo in senders.ReplyToAddresses)
        {
            var a = replyTo.LastIndexOf('@');
            var replyDomain = replyTo.AsSpan(a + 1);
            tokens.Token("rt:", replyDomain, lower: true);
            tokens.Token(a >= 0 && replyDomain.Equals(senders.FromDomain, StringComparison.OrdinalIgnoreCase) ? "rt-same:True" : "rt-same:False", []);
        }

        tokens.Token("rp:", senders.ReturnPathDomain);
        foreach (var header in context.Message.Headers)
        {
            switch (header.Id)
            {
                case HeaderId.XMailer or HeaderId.UserAgent:
                    Words(tokens, "xm:", header.Value);
                    break;
                case HeaderId.MessageId:
                    var id = header.Value.AsSpan().Trim("<> ");
                    var idAt = id.LastIndexOf('@');
                    if (idAt >= 0)
                    {
                        tokens.Token("mid-local:", Shape(id[..idAt], shape));
                        var idDomain = id[(idAt + 1)..];
                        foreach (var range in idDomain.Split('.'))
                        {
                            tokens.Token("midd:", idDomain[range], lower: true);
                        }
                    }
                    else
                    {
                        tokens.Token("mid-noat", []);
                    }

                    break;
                case HeaderId.To or HeaderId.Cc:
                    Words(tokens, "to:", header.Value);
                    if (header.Value.Contains("undisclosed", StringComparison.OrdinalIgnoreCase))
                    {
                        tokens.Token("to-undisclosed", []);
                    }

                    break;
                case HeaderId.Date:
                    tokens.Token("date:", Shape(header.Value, shape));
                    break;
                case HeaderId.ContentType:
                    Words(tokens, "ct:", header.Value);
                    break;
                case HeaderId.XPriority or HeaderId.XMSMailPriority or HeaderId.Importance or HeaderId.Precedence:
                    tokens.Token(header.Field, ":", header.Value.AsSpan().Trim(), [], lower: true);
                    break;
            }
        }

        var parts = 0;
        foreach (var part in context.Message.BodyParts)
        {
            if (++parts > 30)
            {
                break;
            }

            if (part is MimePart { FileName: { } fileName })
            {
                var dot = fileName.LastIndexOf('.');
                tokens.Token("ext:", dot >= 0 ? fileName.AsSpan(dot + 1) : "none".AsSpan(), lower: true);
            }
        }
    }

    /// <summary>Tokens of the first relays: the labels of the names they give (digits reduced to a shape) and the words
    /// of each Received line that hold no digit (protocols, software, "from", "by", "with"...).</summary>
    private static void ReceivedTokens(AnalysisContext context, HashedText tokens)
    {
        Span<char> shape = stackalloc char[MaxShapeLength];
        Span<char> label = stackalloc char[64];
        var hops = 0;
        foreach (var hop in context.ReceivedChain)
        {
            if (++hops > MaxReceivedHops)
            {
                break;
            }

            if (hop.FromHost is { } fromHost)
            {
                foreach (var range in fromHost.AsSpan().Split('.'))
                {
                    var raw = fromHost.AsSpan()[range];
                    if (raw.Length > label.Length)
                    {
                        tokens.Token("rf:", raw, lower: true);
                        continue;
                    }

                    var lower = label[..raw.Length];
                    raw.ToLowerInvariant(lower);
                    tokens.Token("rf:", lower.ContainsAny(s_digits) ? Shape(lower, shape) : lower);
                }
            }

            Words(tokens, "rw:", hop.Raw, MaxReceivedWords, skipDigits: true);
        }
    }

    /// <summary>Adds the words (runs of letters and digits, lowercase, 1 to 24 characters) of a text with a prefix.</summary>
    private static void Words(HashedText tokens, string prefix, ReadOnlySpan<char> text, int maxWords = int.MaxValue, bool skipDigits = false)
    {
        Span<char> word = stackalloc char[MaxWordLength];
        var length = 0;
        var words = 0;
        var hasDigit = false;
        for (var i = 0; i <= text.Length && words < maxWords; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var folded = c < 128 ? s_asciiLettersAndDigits[c] : char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '\0';
            if (folded != '\0')
            {
                if (length < word.Length)
                {
                    word[length] = folded;
                }

                hasDigit |= char.IsAsciiDigit(folded);
                length++;
                continue;
            }

            if (length is > 0 and < MaxWordLength)
            {
                words++;
                if (!skipDigits || !hasDigit)
                {
                    tokens.Token(prefix, word[..length]);
                }
            }

            length = 0;
            hasDigit = false;
        }
    }

    /// <summary>Writes the shape of a value: each run of digits, capitals, small letters becomes one 9, A or a; other
    /// characters stay (<c>Thu, 22 Aug 2002</c> gives <c>Aa, 9 Aa 9</c>). Reads the first 40 characters.</summary>
    private static ReadOnlySpan<char> Shape(ReadOnlySpan<char> value, Span<char> shape)
    {
        var n = 0;
        var last = '\0';
        foreach (var c in value[..Math.Min(value.Length, MaxShapeLength)])
        {
            var k = char.IsDigit(c) ? '9' : char.IsUpper(c) ? 'A' : char.IsLower(c) ? 'a' : c;
            if (k != last)
            {
                shape[n++] = k;
            }

            last = k;
        }

        return shape[..n];
    }

    private static ReadOnlySpan<char> FirstWord(string value)
    {
        var trimmed = value.AsSpan().Trim();
        var end = trimmed.IndexOfAny(' ', '/', '(');
        var word = end > 0 ? trimmed[..end] : trimmed;
        return word.Length > 24 ? word[..24] : word;
    }

    private static string Bucket(int count) => count switch
    {
        0 => "0",
        1 => "1",
        <= 3 => "2-3",
        <= 9 => "4-9",
        _ => "10plus",
    };

    private static float Log(long value) => (float)(Math.Log(1 + Math.Max(0, value)) / 10);

    private static int Count(string text, char c)
    {
        var n = 0;
        foreach (var x in text)
        {
            if (x == c)
            {
                n++;
            }
        }

        return n;
    }

    private static float UpperRatio(string text)
    {
        var letters = 0;
        var upper = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (char.IsUpper(c))
                {
                    upper++;
                }
            }
        }

        return letters == 0 ? 0 : (float)upper / letters;
    }

    internal static string Invariant(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
