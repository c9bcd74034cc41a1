using System.Net;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Text;
using SentiMail.Attachments;
using SentiMail.Html;
using SentiMail.Parsing;
using SentiMail.Rules;
using SentiMail.Text;

namespace SentiMail.Context;

/// <summary>Derives an <see cref="AnalysisContext"/> from a parsed message, once.</summary>
internal sealed class AnalysisContextBuilder
{
    private const int MaxBodyChars = 1024 * 1024;
    private const int MaxReceived = 50;

    private readonly RuleSet _rules;
    private readonly IPNetwork[] _trusted;
    private readonly bool _trustPrivate;

    public AnalysisContextBuilder(SentiMailOptions options, RuleSet rules)
    {
        _rules = rules;
        _trustPrivate = options.TrustPrivateNetworks;
        _trusted = [.. options.TrustedNetworks.Select(ParseNetwork)];
    }

    public AnalysisContext Build(ParsedMessage parsed, MessageEnvelope? envelope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = parsed.Message;
        var context = new AnalysisContext(message, parsed.Size, _rules, now)
        {
            Envelope = envelope ?? new MessageEnvelope(),
        };

        context.Senders = ReadSenders(message, context.Envelope);
        ReadReceived(context);

        // A text/plain part that is an alternative to a later HTML one is not shown: clients show the HTML. Every other
        // inline text part is read as shown, one after another (multipart/mixed, a text part beside an alternative, or
        // a plain alternative after the HTML, which clients that follow RFC 2046 show instead of it).
        var plainAlternatives = FindPlainAlternatives(parsed.Entities);
        var text = new ShownTextBuilder(MaxBodyChars);
        var html = new ShownTextBuilder(MaxBodyChars);
        var visible = new ShownTextBuilder(MaxBodyChars);
        var extractions = new List<HtmlExtraction>();
        var attachments = new List<MessageAttachment>();

        // Where the text read is reported: the body, or a message found in an archive (its links say so).
        var textSegments = new List<(int Start, string Location)>();
        var htmlSegments = new List<(string Text, string Location)>();
        foreach (var info in parsed.Entities)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (info.Entity is not MimePart part)
            {
                continue;
            }

            if (part is TextPart textPart && MimeParts.IsBodyText(part))
            {
                // The limits count what a reader sees: characters that render as nothing do not count (and are
                // compacted), and an HTML part is read whole, so that neither invisible padding nor hidden text can
                // push the lure that follows out of reach. The visible text of an HTML part is bounded by the
                // extractor, whose work is one pass over the part.
                var target = textPart.IsHtml ? html : text;
                if (!target.IsFull || !visible.IsFull)
                {
                    var decoded = DecodeText(textPart);
                    if (!textPart.IsHtml && (textSegments.Count == 0 || textSegments[^1].Location != (info.Origin ?? "body:text")))
                    {
                        textSegments.Add((text.Length, info.Origin ?? "body:text"));
                    }

                    target.Append(decoded).Append('\n');
                    if (textPart.IsHtml)
                    {
                        // Each HTML part is a document of its own: what one leaves open does not hide the next.
                        var extraction = info.Origin is { } origin ? HtmlTextExtractor.Extract(decoded, origin) : HtmlTextExtractor.Extract(decoded);
                        extractions.Add(extraction);
                        htmlSegments.Add((extraction.VisibleText, info.Origin ?? "body:html"));
                        AppendShown(visible, extraction.VisibleText);
                    }
                    else if (!plainAlternatives.Contains(textPart))
                    {
                        AppendShown(visible, decoded);
                    }
                }

                // A body text part with a file name is shown inline and also offered as that file: saved or opened
                // from the attachment list, invoice.hta runs as what its name says. It stays body text (clients show
                // it) and is checked as an attachment too. Outlook (MS-OXCMAIL) takes only the first text part as the
                // body and lists later named ones as attachments.
                if (!MimeParts.HasFileName(part))
                {
                    continue;
                }
            }

            ReadAttachments(part, info.Container, attachments);
        }

        context.Uninspected = parsed.Uninspected;
        context.TextBody = text.ToString();
        context.HtmlBody = html.ToString();
        context.Attachments = attachments;

        var links = new List<MessageLink>();
        if (html.Length > 0)
        {
            context.Html = Merge(extractions);
            links.AddRange(context.Html.Links);
            context.Forms = context.Html.Forms;
            context.VisibleText = visible.ToString().Trim();
            foreach (var (shown, location) in Group(htmlSegments))
            {
                context.TextLinksOmitted |= UrlScanner.Scan(shown, location, links);
            }
        }
        else
        {
            context.VisibleText = context.TextBody;
        }

        for (var i = 0; i < textSegments.Count; i++)
        {
            var (start, location) = textSegments[i];
            var end = i + 1 < textSegments.Count ? textSegments[i + 1].Start : context.TextBody.Length;
            context.TextLinksOmitted |= UrlScanner.Scan(context.TextBody[start..end], location, links);
        }

        context.Links = links;
        return context;
    }

    /// <summary>Joins the visible text of consecutive HTML parts read at the same location, as
    /// <see cref="Merge"/> joins them all, so that the URLs written in it are reported where they were found.</summary>
    private static List<(string Text, string Location)> Group(List<(string Text, string Location)> segments)
    {
        var groups = new List<(string Text, string Location)>();
        var i = 0;
        while (i < segments.Count)
        {
            var location = segments[i].Location;
            var j = i;
            while (j < segments.Count && segments[j].Location == location)
            {
                j++;
            }

            groups.Add((string.Join('\n', segments.Skip(i).Take(j - i).Select(s => s.Text).Where(t => t.Length > 0)), location));
            i = j;
        }

        return groups;
    }

    private static string DecodeText(TextPart part)
    {
        string text;
        try
        {
            text = part.Text ?? string.Empty;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or DecoderFallbackException or InvalidOperationException)
        {
            // An unknown or broken charset: fall back to Latin-1 so that nothing is lost.
            text = part.GetText(Encoding.Latin1);
        }

        return part.IsPlain && IsFlowed(part.ContentType, out var deleteSpace) ? Unflow(text, deleteSpace) : text;
    }

    private static bool IsFlowed(ContentType type, out bool deleteSpace)
    {
        deleteSpace = type.Parameters.TryGetValue("delsp", out string? delsp) && delsp.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);
        return type.Parameters.TryGetValue("format", out string? format) && format.Trim().Equals("flowed", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Joins the lines of format=flowed text (RFC 3676) as clients show them: a line that ends in a space goes on with
    /// the next one, that space removed with delsp=yes ("Ver " + "ify" is "Verify"); quoted lines keep their depth.
    /// </summary>
    internal static string Unflow(string text, bool deleteSpace)
    {
        // MimeKit's converter flows the signature separator "-- " into the next line; RFC 3676 4.3 says it never flows.
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].AsSpan().TrimEnd('\r');
            var body = line.TrimStart('>');
            if (body is "-- " or " -- ")
            {
                lines[i] = string.Concat(line[..^1], "\r");
            }
        }

        return new FlowedToText { DeleteSpace = deleteSpace }.Convert(string.Join('\n', lines));
    }

    /// <summary>The text/plain parts that are alternatives to an HTML part (siblings in a multipart/alternative).</summary>
    private static HashSet<MimeEntity> FindPlainAlternatives(IReadOnlyList<MimeEntityInfo> entities)
    {
        var result = new HashSet<MimeEntity>(ReferenceEqualityComparer.Instance);
        foreach (var info in entities)
        {
            if (info.Entity is not Multipart { ContentType.MediaSubtype: var subtype } alternative ||
                !subtype.Equals("alternative", StringComparison.OrdinalIgnoreCase) || !alternative.Any(ContainsHtml))
            {
                continue;
            }

            // Clients show the last alternative they can display (RFC 2046): a plain part before an HTML one is the
            // fallback nobody sees. A plain part after it may be the one shown, so it is read as well.
            var children = alternative.ToList();
            var lastHtml = children.FindLastIndex(ContainsHtml);
            for (var i = 0; i < lastHtml; i++)
            {
                if (!ContainsHtml(children[i]))
                {
                    AddPlainParts(children[i], result);
                }
            }
        }

        return result;
    }

    private static bool ContainsHtml(MimeEntity entity) => entity switch
    {
        TextPart text => text.IsHtml && !text.IsAttachment,
        Multipart multipart => multipart.Any(ContainsHtml),
        _ => false,
    };

    private static void AddPlainParts(MimeEntity entity, HashSet<MimeEntity> result)
    {
        switch (entity)
        {
            case TextPart { IsPlain: true } text:
                result.Add(text);
                break;
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    AddPlainParts(child, result);
                }

                break;
        }
    }

    private static void AppendShown(ShownTextBuilder visible, string text)
    {
        if (string.IsNullOrWhiteSpace(text) || visible.IsFull)
        {
            return;
        }

        if (visible.Length > 0)
        {
            visible.Append('\n');
        }

        visible.Append(text);
    }

    private static HtmlExtraction Merge(List<HtmlExtraction> extractions)
    {
        if (extractions.Count == 1)
        {
            return extractions[0];
        }

        return new HtmlExtraction
        {
            VisibleText = string.Join('\n', extractions.Select(e => e.VisibleText).Where(t => t.Length > 0)),
            HiddenText = string.Join('\n', extractions.Select(e => e.HiddenText).Where(t => t.Length > 0)),
            Links = [.. extractions.SelectMany(e => e.Links)],
            Forms = [.. extractions.SelectMany(e => e.Forms)],
            HasScript = extractions.Any(e => e.HasScript),
            OmittedLinks = extractions.Sum(e => e.OmittedLinks),
            OmittedResources = extractions.Sum(e => e.OmittedResources),
        };
    }

    /// <summary>
    /// Reads a part as an attachment; a file extracted from a container (a TNEF file) is named by its path in it, such
    /// as <c>winmail.dat/invoice.exe</c>. A part whose raw fields give several names (or a name MimeKit dropped at a
    /// malformed parameter) is read once and listed under each name (<see cref="FileNameCandidates"/>), so that every
    /// name a client may save it under is checked.
    /// </summary>
    private static void ReadAttachments(MimePart part, string container, List<MessageAttachment> attachments)
    {
        using var decoded = new MemoryStream(DecodedCapacity(part));
        if (part.Content is { } content)
        {
            content.DecodeTo(decoded);
        }

        var bytes = decoded.GetBuffer().AsMemory(0, (int)decoded.Length);
        var span = bytes.Span;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(span));
#pragma warning disable CA5350, CA5351 // SHA-1 and MD5 identify files in reputation feeds; they protect nothing here.
        var sha1 = Convert.ToHexStringLower(SHA1.HashData(span));
        var md5 = Convert.ToHexStringLower(MD5.HashData(span));
#pragma warning restore CA5350, CA5351
        var sniffed = FileTypeSniffer.Sniff(span);
        var declared = part.ContentType.MimeType.ToLowerInvariant();
        var names = FileNameCandidates.Find(part);
        foreach (var name in names.Count > 0 ? names : [string.Empty])
        {
            var fileName = container.Length > 0 && name.Length > 0 ? container + name : name;
            attachments.Add(new MessageAttachment
            {
                FileName = fileName,
                DeclaredContentType = declared,
                IsInline = !part.IsAttachment,
                Size = bytes.Length,
                Sha256 = sha256,
                Sha1 = sha1,
                Md5 = md5,
                TrueKind = FileTypeSniffer.AsOpened(sniffed, fileName, declared),
                Content = bytes,
            });
        }
    }

    /// <summary>
    /// An upper bound of the decoded size, so that the decode buffer is allocated once instead of doubling from 256
    /// bytes (several large-object-heap arrays, each copied into the next, for a big attachment). Base64 decodes to at
    /// most 3/4 of its length; quoted-printable, uuencode and the identity encodings to at most their length.
    /// </summary>
    private static int DecodedCapacity(MimePart part)
    {
        if (part.Content?.Stream is not { CanSeek: true } stream)
        {
            return 0;
        }

        var encoded = stream.Length;
        var bound = part.Content.Encoding == ContentEncoding.Base64 ? (encoded / 4 * 3) + 3 : encoded;
        return (int)Math.Clamp(bound, 0, Array.MaxLength);
    }

    private static SenderIdentities ReadSenders(MimeMessage message, MessageEnvelope envelope)
    {
        var from = message.From.Mailboxes.FirstOrDefault();
        var returnPath = envelope.MailFrom ?? ReadReturnPath(message);
        return new SenderIdentities
        {
            FromAddress = from?.Address,
            FromDisplayName = from?.Name?.Trim() ?? string.Empty,
            FromDomain = from is null ? null : DomainName.Normalize(from.Domain),
            FromCount = message.From.Mailboxes.Count(),
            FromMailboxes = ReadFromMailboxes(message),
            SenderAddress = message.Sender?.Address,
            ReplyToAddresses = [.. message.ReplyTo.Mailboxes.Select(m => m.Address).Take(SenderIdentities.MaxAddresses)],
            ReplyToCount = message.ReplyTo.Mailboxes.Count(),
            ReturnPath = returnPath,
            ReturnPathDomain = DomainOf(returnPath),
        };
    }

    /// <summary>Reads the mailboxes of every From header, each with the header it came from, so that a brand claimed in
    /// a second From header or behind a harmless first mailbox is checked like the first.</summary>
    private static List<SenderMailbox> ReadFromMailboxes(MimeMessage message)
    {
        var headers = message.Headers.Where(h => h.Id == HeaderId.From).ToList();
        var result = new List<SenderMailbox>();
        if (headers.Count <= 1)
        {
            // One header: MimeKit's own reading of it, which FromAddress and FromCount use too.
            AddMailboxes(message.From.Mailboxes, "header:From", result);
            return result;
        }

        for (var i = 0; i < headers.Count && result.Count < SenderIdentities.MaxAddresses; i++)
        {
            var raw = headers[i].RawValue;
            if (InternetAddressList.TryParse(ParserOptions.Default, raw, 0, raw.Length, out var addresses))
            {
                AddMailboxes(addresses.Mailboxes, $"header:From[{i}]", result);
            }
        }

        return result;
    }

    private static void AddMailboxes(IEnumerable<MailboxAddress> mailboxes, string location, List<SenderMailbox> result)
    {
        foreach (var mailbox in mailboxes)
        {
            if (result.Count >= SenderIdentities.MaxAddresses)
            {
                return;
            }

            result.Add(new SenderMailbox
            {
                Address = mailbox.Address,
                DisplayName = mailbox.Name?.Trim() ?? string.Empty,
                Domain = string.IsNullOrEmpty(mailbox.Domain) ? null : DomainName.Normalize(mailbox.Domain),
                Location = location,
            });
        }
    }

    private static string? ReadReturnPath(MimeMessage message)
    {
        var value = message.Headers[HeaderId.ReturnPath];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var address = value.Trim().Trim('<', '>').Trim();
        return address.Length == 0 ? null : address;
    }

    private static string? DomainOf(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return null;
        }

        var at = address.LastIndexOf('@');
        return at < 0 ? null : DomainName.Normalize(address[(at + 1)..]);
    }

    private void ReadReceived(AnalysisContext context)
    {
        var hops = new List<ReceivedHop>();
        foreach (var header in context.Message.Headers)
        {
            if (header.Id == HeaderId.Received)
            {
                hops.Add(ReceivedParser.Parse(hops.Count, header.Value));
                if (hops.Count == MaxReceived)
                {
                    break;
                }
            }
        }

        context.ReceivedChain = hops;
        if (context.Envelope.ClientIp is { } given)
        {
            context.ClientIp = IpClassifier.Normalize(given);
            return;
        }

        // Walk from the topmost header (written by our side) down: the first hop whose sending IP is not a trusted
        // relay is the client that handed the message to us; headers below it are the sender's claims.
        foreach (var hop in hops)
        {
            if (hop.FromIp is not { } ip)
            {
                continue;
            }

            if (!IsTrusted(ip))
            {
                context.ClientIp = ip;
                context.ClientHop = hop;
                return;
            }
        }
    }

    private bool IsTrusted(IPAddress ip)
    {
        if (IpClassifier.IsLoopback(ip) || (_trustPrivate && IpClassifier.IsPrivate(ip)))
        {
            return true;
        }

        foreach (var network in _trusted)
        {
            if (network.BaseAddress.AddressFamily == ip.AddressFamily && network.Contains(ip))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork ParseNetwork(string value) =>
        IPNetwork.TryParse(value, out var network) ? network : new IPNetwork(IPAddress.Parse(value), IPAddress.Parse(value).GetAddressBytes().Length * 8);
}
