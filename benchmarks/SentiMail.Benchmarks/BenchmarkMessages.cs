using System.Globalization;
using System.IO.Compression;
using System.Text;
using MimeKit;

namespace SentiMail.Benchmarks;

/// <summary>The message shapes the benchmarks run on, by <see cref="BenchmarkMessages.Build"/>.</summary>
public enum MessageSize
{
    /// <summary>About 2 KB: a plain-text note between two people, with a short relay chain.</summary>
    Small,

    /// <summary>About 20 KB: an HTML newsletter with a text alternative and about 60 links.</summary>
    Medium,

    /// <summary>About 300 KB: a short text with a zip attachment (about 220 KB of mostly incompressible data).</summary>
    Large,

    /// <summary>A pathological header block: 5,000 header lines (one in ten a Received header) over a short body.</summary>
    Headers5000,
}

/// <summary>
/// Builds deterministic benchmark inputs with MimeKit: the same bytes on every run (seeded random, fixed dates), CRLF
/// line endings as on the wire.
/// </summary>
public static class BenchmarkMessages
{
    private static readonly DateTimeOffset s_date = new(2026, 11, 19, 8, 0, 3, TimeSpan.Zero);

    private static readonly string[] s_words =
    [
        "reading", "notes", "winter", "evening", "author", "novel", "family", "ferry", "estuary", "generations",
        "staff", "pick", "review", "shop", "conversation", "poet", "tickets", "cider", "club", "translation",
        "january", "list", "happy", "team", "books", "quiet", "generous", "friends", "hands", "arrivals",
        "month", "busy", "drawing", "events", "library", "chapter", "story", "garden", "kitchen", "travel",
        "order", "account", "delivery", "update", "please", "today", "offer", "free", "click", "here",
    ];

    /// <summary>Builds the raw bytes of a message of the given shape.</summary>
    /// <param name="size">The shape.</param>
    /// <returns>The message as it would arrive (CRLF line endings).</returns>
    public static byte[] Build(MessageSize size) => size switch
    {
        MessageSize.Small => ToBytes(Small()),
        MessageSize.Medium => ToBytes(Medium()),
        MessageSize.Large => ToBytes(Large()),
        MessageSize.Headers5000 => ManyHeaders(5000),
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "Unknown message size."),
    };

    /// <summary>Builds an HTML newsletter of about <paramref name="targetChars"/> characters: tables, styles, headings,
    /// paragraphs with tracking links, images, a hidden preheader and a footer.</summary>
    /// <param name="targetChars">The approximate length.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The HTML document.</returns>
    public static string NewsletterHtml(int targetChars, int seed = 42)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(targetChars + 2048);
        sb.Append("<!DOCTYPE html>\r\n<html lang=\"en\">\r\n<head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Quillfield Books - reading notes</title>")
            .Append("<style>body{margin:0;background:#faf7f2} .btn{color:#8a3b12} @media (max-width:600px){.col{width:100%!important}}</style>")
            .Append("</head>\r\n<body style=\"margin:0;background:#faf7f2;font-family:Georgia,serif;color:#2b2b2b;\">\r\n")
            .Append("<div style=\"display:none;max-height:0;overflow:hidden\">A staff pick, an author evening and our winter book club.</div>\r\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td align=\"center\">\r\n")
            .Append("<a href=\"https://www.quillfieldbooks.com/?utm_source=newsletter&amp;utm_medium=email\">")
            .Append("<img src=\"https://www.quillfieldbooks.com/static/email/logo.png\" width=\"180\" alt=\"Quillfield Books\" style=\"border:0;display:block;\"></a>\r\n");

        var section = 0;
        while (sb.Length < targetChars - 900)
        {
            section++;
            sb.Append("<tr><td class=\"col\" style=\"padding:24px 32px;font-size:16px;line-height:25px;\">\r\n<h2 style=\"font-size:18px;margin:22px 0 6px 0;\">")
                .Append(Sentence(random, 4)).Append("</h2>\r\n<p>").Append(Sentence(random, 40)).Append(" &ldquo;")
                .Append(Sentence(random, 8)).Append("&rdquo; ")
                .Append("<a href=\"https://www.quillfieldbooks.com/books/").Append(section.ToString(CultureInfo.InvariantCulture))
                .Append("?utm_source=newsletter&amp;utm_campaign=2026-11\" style=\"color:#8a3b12;\">")
                .Append(Sentence(random, 3)).Append("</a>. ").Append(Sentence(random, 25)).Append("</p>\r\n")
                .Append("<p><img src=\"https://cdn.quillfieldbooks.com/covers/").Append(section.ToString(CultureInfo.InvariantCulture))
                .Append(".jpg\" width=\"120\" alt=\"Cover\"> <a class=\"btn\" href=\"https://www.quillfieldbooks.com/events/")
                .Append(section.ToString(CultureInfo.InvariantCulture)).Append("\">Event details</a> &middot; ")
                .Append("<a href=\"https://www.quillfieldbooks.com/shop/").Append(section.ToString(CultureInfo.InvariantCulture))
                .Append("\"><b>Buy</b> <i>now</i></a></p>\r\n</td></tr>\r\n");
        }

        sb.Append("<tr><td style=\"padding:18px 32px;font-size:12px;color:#7a7266;\">You are receiving this email because you subscribed.<br>")
            .Append("<a href=\"https://www.quillfieldbooks.com/account/preferences\">Email preferences</a> &middot; ")
            .Append("<a href=\"https://mail.quillfieldbooks.com/unsubscribe?u=e7c1a9f04b&amp;l=reading-notes\">Unsubscribe</a> &middot; ")
            .Append("<a href=\"https://www.quillfieldbooks.com/privacy\">Privacy</a><br>Quillfield Books Ltd, 14 Elm Hill, Norwich NR3 1HN</td></tr>\r\n")
            .Append("</td></tr></table>\r\n</body>\r\n</html>\r\n");
        return sb.ToString();
    }

    /// <summary>Builds plain text of about <paramref name="targetChars"/> characters mixing ordinary words with lure
    /// phrases, accented French and a few non-Latin letters, the kind of text the lure matcher reads.</summary>
    /// <param name="targetChars">The approximate length.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The text (not folded).</returns>
    public static string LureText(int targetChars, int seed = 7)
    {
        string[] lures =
        [
            "Verify your account", "within 24 hours", "your account has been suspended", "click here", "confirm your password",
            "Votre colis est en attente", "frais de livraison", "sous 48 heures", "facture impayée", "You have won",
            "limited time offer", "Bitcoin wallet", "act now", "mot de passe",
        ];
        var random = new Random(seed);
        var sb = new StringBuilder(targetChars + 256);
        while (sb.Length < targetChars)
        {
            sb.Append(Sentence(random, 12));
            if (random.Next(3) == 0)
            {
                sb.Append(", ").Append(lures[random.Next(lures.Length)]);
            }

            sb.Append(random.Next(10) == 0 ? ". Élève, reçu, garçon, Привет!\r\n" : ". ");
        }

        return sb.ToString();
    }

    private static MimeMessage Small()
    {
        var message = NewMessage("Meeting notes for Thursday", "anna.berg@harbourline-design.com", "tom.hale@example.org");
        var text = new StringBuilder();
        var random = new Random(1);
        text.Append("Hi Tom,\r\n\r\n");
        while (text.Length < 1300)
        {
            text.Append(Sentence(random, 14)).Append(".\r\n");
        }

        text.Append("\r\nThe agenda is on https://intranet.harbourline-design.com/meetings/2026-11-19 as usual.\r\n\r\nThanks,\r\nAnna\r\n");
        message.Body = new TextPart("plain") { Text = text.ToString() };
        return message;
    }

    private static MimeMessage Medium()
    {
        var message = NewMessage("November reading notes: a staff pick, an author evening and our winter book club", "news@mail.quillfieldbooks.com", "emma.clarke@example.org");
        message.Headers.Add("List-Unsubscribe", "<https://mail.quillfieldbooks.com/unsubscribe?u=e7c1a9f04b>, <mailto:unsubscribe@mail.quillfieldbooks.com>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        var builder = new BodyBuilder
        {
            TextBody = LureText(3000, seed: 3) + "\r\nRead more: https://www.quillfieldbooks.com/books/the-salt-road\r\n",
            HtmlBody = NewsletterHtml(15_000),
        };
        message.Body = builder.ToMessageBody();
        return message;
    }

    private static MimeMessage Large()
    {
        var message = NewMessage("Quarterly report and raw data", "finance@harbourline-design.com", "tom.hale@example.org");
        var builder = new BodyBuilder { TextBody = "Hi Tom,\r\n\r\nThe quarterly figures and the raw exports are in the attached archive.\r\n\r\nAnna\r\n" };
        builder.Attachments.Add("q3-report.zip", BuildZip(), new ContentType("application", "zip"));
        message.Body = builder.ToMessageBody();
        return message;
    }

    private static byte[] BuildZip()
    {
        var random = new Random(5);
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            // Incompressible data (like images or already-compressed exports) keeps the archive near 220 KB.
            var blob = new byte[200 * 1024];
            random.NextBytes(blob);
            using (var entry = zip.CreateEntry("exports/raw-data.bin", CompressionLevel.Optimal).Open())
            {
                entry.Write(blob);
            }

            for (var i = 0; i < 8; i++)
            {
                var csv = new StringBuilder("date,region,amount\r\n");
                for (var row = 0; row < 400; row++)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"2026-{1 + (row % 12):00}-{1 + (row % 28):00},{s_words[random.Next(s_words.Length)]},{random.Next(100_000)}\r\n");
                }

                using var writer = new StreamWriter(zip.CreateEntry($"tables/region-{i}.csv", CompressionLevel.Optimal).Open(), Encoding.UTF8);
                writer.Write(csv.ToString());
            }

            using (var writer = new StreamWriter(zip.CreateEntry("report.txt", CompressionLevel.Optimal).Open(), Encoding.UTF8))
            {
                writer.Write(LureText(4000, seed: 9));
            }
        }

        return stream.ToArray();
    }

    private static byte[] ManyHeaders(int lines)
    {
        var sb = new StringBuilder(lines * 64);
        for (var i = 0; i < lines; i++)
        {
            if (i % 10 == 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"Received: from relay{i}.example.net (relay{i}.example.net [198.51.{i % 250}.{(i / 250) + 1}]) by mx{i}.example.org with ESMTP id {i:X8}\r\n");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"X-Filler-{i}: value {i} of a header block that never ends\r\n");
            }
        }

        sb.Append("From: \"Anna Berg\" <anna.berg@harbourline-design.com>\r\n")
            .Append("To: tom.hale@example.org\r\n")
            .Append("Subject: Many headers\r\n")
            .Append("Date: Thu, 19 Nov 2026 08:00:03 +0000\r\n")
            .Append("Message-ID: <many-headers@harbourline-design.com>\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append("\r\nA short body under a very long header block.\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static MimeMessage NewMessage(string subject, string from, string to)
    {
        var message = new MimeMessage();
        message.Headers.Add("Return-Path", "<" + from + ">");
        string[] received =
        [
            "from mta2.harbourline-design.com (mta2.harbourline-design.com [185.143.221.47]) by mx1.example.org (Postfix) with ESMTPS id 4dK2Xq1yZ9z9sWm for <" + to + ">; Thu, 19 Nov 2026 08:00:07 +0000",
            "from app1.harbourline-design.com (app1.harbourline-design.com [185.143.221.40]) by mta2.harbourline-design.com (Postfix) with ESMTPS id A41C9E07B3; Thu, 19 Nov 2026 08:00:04 +0000",
        ];
        foreach (var hop in received)
        {
            message.Headers.Add(HeaderId.Received, hop);
        }

        message.Headers.Add("Authentication-Results", "mx1.example.org; spf=pass smtp.mailfrom=" + from[(from.IndexOf('@', StringComparison.Ordinal) + 1)..]);
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Date = s_date;
        message.MessageId = "20261119080003." + subject.Length.ToString(CultureInfo.InvariantCulture) + "@" + from[(from.IndexOf('@', StringComparison.Ordinal) + 1)..];
        return message;
    }

    private static byte[] ToBytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, stream);
        return stream.ToArray();
    }

    private static string Sentence(Random random, int words)
    {
        var sb = new StringBuilder(words * 8);
        for (var i = 0; i < words; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            var word = s_words[random.Next(s_words.Length)];
            sb.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
        }

        return sb.ToString();
    }
}
