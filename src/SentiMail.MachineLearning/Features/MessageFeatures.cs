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
    public const int MaxBodyLength = 2000;

    /// <summary>The most link hosts given to the model.</summary>
    public const int MaxHosts = 32;

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
    public static SpamModelInput Extract(AnalysisContext context, IReadOnlyList<Signal> signals, IReadOnlyDictionary<string, int> signalSlots)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(signalSlots);

        var input = new SpamModelInput
        {
            Subject = context.Subject,
            Body = context.VisibleText.Length > MaxBodyLength ? context.VisibleText[..MaxBodyLength] : context.VisibleText,
            Hosts = Hosts(context),
            Headers = HeaderTokens(context),
        };

        var text = new HashedText();
        text.AddWords(input.Subject, 1, pairs: true, 1000);
        text.AddCharacterTrigrams(input.Subject, 2, 200);
        text.AddWords(input.Body, 3, pairs: true, MaxBodyLength);
        text.AddTokens(input.Hosts, 4);
        text.AddTokens(input.Headers, 5);
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

    private static string Hosts(AnalysisContext context)
    {
        var sb = new StringBuilder();
        if (context.Senders.FromDomain is { } from)
        {
            sb.Append("from.").Append(from).Append(' ');
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in context.Links)
        {
            if (link.Host is { Length: > 0 } host && seen.Add(host))
            {
                sb.Append(host).Append(' ');
                if (seen.Count >= MaxHosts)
                {
                    break;
                }
            }
        }

        return sb.ToString();
    }

    private static string HeaderTokens(AnalysisContext context)
    {
        var message = context.Message;
        var sb = new StringBuilder(256);
        foreach (var name in s_presenceHeaders)
        {
            if (message.Headers.Contains(name))
            {
                sb.Append("has-").Append(name.ToLowerInvariant()).Append(' ');
            }
        }

        var mailer = message.Headers["X-Mailer"] ?? message.Headers["User-Agent"];
        if (!string.IsNullOrWhiteSpace(mailer))
        {
            sb.Append("mailer-").Append(FirstWord(mailer)).Append(' ');
        }

        if (message.Body is { } body)
        {
            sb.Append("type-").Append(body.ContentType.MimeType.ToLowerInvariant()).Append(' ');
            foreach (var part in message.BodyParts.Take(20))
            {
                sb.Append("part-").Append(part.ContentType.MimeType.ToLowerInvariant()).Append(' ');
                if (part.ContentType.Charset is { Length: > 0 } charset)
                {
                    sb.Append("charset-").Append(charset.ToLowerInvariant()).Append(' ');
                }

                if (part is MimePart { ContentTransferEncoding: var encoding })
                {
                    sb.Append("cte-").Append(encoding.ToString().ToLowerInvariant()).Append(' ');
                }
            }
        }

        if (context.Senders.FromDomain is { } domain)
        {
            var dot = domain.LastIndexOf('.');
            sb.Append("from-tld-").Append(dot >= 0 ? domain[(dot + 1)..] : domain).Append(' ');
        }

        if (!string.IsNullOrEmpty(context.Senders.FromDisplayName))
        {
            sb.Append("from-has-name ");
        }

        sb.Append("to-").Append(Bucket(message.To.Count + message.Cc.Count)).Append(' ');
        sb.Append("hops-").Append(Bucket(context.ReceivedChain.Count)).Append(' ');
        if (context.Subject.StartsWith("re:", StringComparison.OrdinalIgnoreCase))
        {
            sb.Append("subject-reply ");
        }

        return sb.ToString();
    }

    private static string FirstWord(string value)
    {
        var trimmed = value.AsSpan().Trim();
        var end = trimmed.IndexOfAny(' ', '/', '(');
        var word = end > 0 ? trimmed[..end] : trimmed;
        if (word.Length > 24)
        {
            word = word[..24];
        }

        return word.ToString().ToLowerInvariant();
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
