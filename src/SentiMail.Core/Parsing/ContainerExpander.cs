using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MimeKit;
using MimeKit.Cryptography;
using MimeKit.Tnef;
using SentiMail.Attachments;
using SentiMail.Context;

namespace SentiMail.Parsing;

/// <summary>
/// Opens the containers a mail client opens, so that what they hold is analysed like the rest of the message:
/// <list type="bullet">
/// <item>attached messages whatever their transfer encoding (base64 or quoted-printable <c>message/rfc822</c>, a file
/// named <c>.eml</c>, a part whose content is an email);</item>
/// <item>TNEF files (<c>winmail.dat</c>, by type or by signature), whose files are named by their path in it;</item>
/// <item>S/MIME opaque-signed or compressed entities (<c>application/pkcs7-mime</c> or a <c>.p7m</c> file), read
/// without verifying the signature;</item>
/// <item>files encoded in text as clients decode them: uuencode, yEnc and BinHex blocks in a plain-text body, a BinHex
/// part, a part whose transfer encoding names uuencode or BinHex but MimeKit does not decode;</item>
/// <item>the emails inside an archive attachment (ZIP, gzip, tar, and an archive inside it): a file named <c>.eml</c>, or
/// one that reads as a message (<see cref="MessageText.HasHeaderBlock"/>), is opened as an attached message, its parts
/// named by their path in the archive (<c>invoice.zip/invoice.eml/payload.exe</c>). The archives of one message share
/// one budget of <see cref="MessageLimits.MaxArchiveDecompressedBytes"/> for this search, and an archive met again
/// (the same bytes) is not searched again.</item>
/// </list>
/// Everything decoded for one message shares one budget of <see cref="MessageLimits.MaxMessageBytes"/>; what a
/// container holds counts in the part and depth limits of the walk.
/// </summary>
internal sealed class ContainerExpander
{
    private const int SniffLength = 1024;
    private const int ChunkSize = 64 * 1024;

    /// <summary>Ends the name of a container in the path of what it holds (<c>winmail.dat/invoice.exe</c>), as archive
    /// entries are named.</summary>
    private const char ContainerSeparator = '/';

    private readonly MessageLimits _limits;
    private readonly ParserOptions _parserOptions;
    private readonly List<UninspectedContent> _uninspected;
    private readonly List<IDisposable> _owned;
    private readonly long _maxDecodedBytes;
    private readonly HashSet<string> _archivesSearched = new(StringComparer.Ordinal);
    private long _decodedBytes;
    private long _archiveBudget;
    private bool _budgetNoted;
    private bool _archiveBudgetNoted;

    public ContainerExpander(MessageLimits limits, ParserOptions parserOptions, List<UninspectedContent> uninspected, List<IDisposable> owned)
    {
        _limits = limits;
        _parserOptions = parserOptions;
        _uninspected = uninspected;
        _owned = owned;
        _maxDecodedBytes = limits.MaxMessageBytes;
        _archiveBudget = limits.MaxArchiveDecompressedBytes;
    }

    /// <summary>Returns what <paramref name="part"/> holds as MIME entities, in order, each with the container path of
    /// its files and, for the parts of a message found in an archive, where that message is (<c>attachment:invoice.zip/invoice.eml</c>);
    /// empty when the part is no container (or cannot be opened, which is then noted).</summary>
    /// <param name="part">The part.</param>
    /// <param name="container">The container path of the part.</param>
    /// <param name="maxParts">How many more entities the walk reads.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public IReadOnlyList<HeldEntity> Expand(MimePart part, string container, int maxParts, CancellationToken cancellationToken)
    {
        if (IsAttachedMessage(part))
        {
            return Held(OpenMessage(part, container, declared: true, cancellationToken));
        }

        if (part is ApplicationPkcs7Mime || MimeParts.FileName(part).EndsWith(".p7m", StringComparison.OrdinalIgnoreCase))
        {
            return Held(OpenCms(part, container, cancellationToken));
        }

        if (MimeParts.IsBodyText(part))
        {
            // Most plain bodies hold no encoded file: nothing is allocated for them.
            return part is TextPart { IsPlain: true } && OpenEncodedFiles(part, container, maxParts, bareBinHex: false) is { Count: > 0 } files ? Held(files) : [];
        }

        if (IsBinHex(part) || IsUndecodedUuencode(part))
        {
            return Held(OpenEncodedFiles(part, container, maxParts, bareBinHex: IsBinHex(part)));
        }

        var prefix = Prefix(part);
        if (part is TnefPart || TnefFiles.IsTnef(prefix))
        {
            return Held(OpenTnef(part, container, maxParts));
        }

        var kind = FileTypeSniffer.Sniff(prefix);
        if (kind == FileKind.Email)
        {
            return Held(OpenMessage(part, container, declared: false, cancellationToken));
        }

        // A .zip whose first bytes are other bytes is found from its end, as the archive checks find it.
        if (kind is FileKind.Zip or FileKind.Gzip or FileKind.Tar or FileKind.Rar or FileKind.Cab or FileKind.SevenZip
            || (kind is not FileKind.OfficeOpenXml && FileNames.Extension(MimeParts.FileName(part)) == "zip"))
        {
            return OpenArchive(part, container, maxParts, cancellationToken);
        }

        return [];
    }

    private static List<HeldEntity> Held(List<(MimeEntity Entity, string Container)> entities) =>
        entities.ConvertAll(e => new HeldEntity(e.Entity, e.Container));

    private static bool IsAttachedMessage(MimePart part) =>
        part.ContentType.IsMimeType("message", "rfc822") || part.ContentType.IsMimeType("message", "global") ||
        FileNameCandidates.Find(part).Any(n => n.TrimEnd('.', ' ').EndsWith(".eml", StringComparison.OrdinalIgnoreCase));

    private static bool IsBinHex(MimePart part) =>
        part.ContentType.IsMimeType("application", "mac-binhex40") || part.ContentType.IsMimeType("application", "x-mac-binhex40") ||
        (part.ContentTransferEncoding == ContentEncoding.Default && RawTransferEncoding(part).Contains("binhex", StringComparison.Ordinal));

    /// <summary>A part whose transfer encoding names uuencode in a way MimeKit does not decode (<c>uue</c>, <c>x-uu</c>).</summary>
    private static bool IsUndecodedUuencode(MimePart part) =>
        part.ContentTransferEncoding == ContentEncoding.Default && RawTransferEncoding(part).Contains("uu", StringComparison.Ordinal);

    private static string RawTransferEncoding(MimePart part) =>
        part.Headers[HeaderId.ContentTransferEncoding]?.Trim().ToLowerInvariant() ?? string.Empty;

    /// <summary>Decodes the uuencode, yEnc and BinHex files of a text (a plain body, or a part that is one such file) as
    /// attachments of their own, following the part. The text itself stays what it was (body text, or an attachment
    /// under its own name); a file with no name of its own takes the part's.</summary>
    private List<(MimeEntity, string)> OpenEncodedFiles(MimePart part, string container, int maxParts, bool bareBinHex)
    {
        if (part.Content is null)
        {
            return [];
        }

        using var text = new MemoryStream();
        part.Content.DecodeTo(text);
        var span = text.GetBuffer().AsSpan(0, (int)text.Length);
        if (!bareBinHex && span.IndexOf("begin "u8) < 0 && span.IndexOf("=ybegin "u8) < 0 && span.IndexOf("BinHex"u8) < 0)
        {
            return [];
        }

        var scan = EncodedFiles.Scan(span, Math.Max(0, maxParts), _maxDecodedBytes - _decodedBytes, bareBinHex);
        if (scan.TooLarge)
        {
            NoteBudget(part, container);
        }

        if (scan.TooManyFiles)
        {
            Note(UninspectedReason.LimitReached, part, container, string.Create(CultureInfo.InvariantCulture,
                $"The text holds more encoded files than the {maxParts:N0} parts the engine still reads; the rest were not inspected."));
        }

        if (scan.Undecodable)
        {
            Note(UninspectedReason.Undecodable, part, container, "A BinHex file cannot be decoded, so its content was not inspected.");
        }

        var result = new List<(MimeEntity, string)>(scan.Files.Count);
        foreach (var file in scan.Files)
        {
            _decodedBytes += file.Content.Length;
            var name = file.Name.Length > 0 ? file.Name : MimeParts.FileName(part);
            var decoded = new MimePart("application", "octet-stream")
            {
                Content = new MimeContent(new MemoryStream(file.Content, writable: false)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            };
            if (name.Length > 0)
            {
                decoded.FileName = name;
            }

            _owned.Add(decoded);
            result.Add((decoded, container));
        }

        return result;
    }

    /// <summary>Parses an attached message encoded as a part (base64, quoted-printable, a file): its body follows it in
    /// the walk, as that of a <c>message/rfc822</c> entity MimeKit reads itself.</summary>
    private List<(MimeEntity, string)> OpenMessage(MimePart part, string container, bool declared, CancellationToken cancellationToken)
    {
        if (Decode(part, container) is not { } bytes)
        {
            return [];
        }

        var stream = new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false, publiclyVisible: true);
        MimeMessage message;
        try
        {
            message = new MimeParser(_parserOptions, stream, MimeFormat.Entity, persistent: true).ParseMessage(cancellationToken);
        }
        catch (FormatException)
        {
            // A file named .eml or sniffed as one that is not a message opens as nothing in a client either; a part
            // declared as a message that cannot be read hides whatever it holds.
            if (declared)
            {
                Note(UninspectedReason.Undecodable, part, container, "An attached message cannot be parsed, so its content was not inspected.");
            }

            return [];
        }

        _owned.Add(message);
        return message.Body is { } body ? [(body, container)] : [];
    }

    /// <summary>Reads the MIME entity inside an S/MIME blob without a key or a verification, as a client shows it;
    /// encrypted content is noted as such, a blob that cannot be read as undecodable.</summary>
    private List<(MimeEntity, string)> OpenCms(MimePart part, string container, CancellationToken cancellationToken)
    {
        if (Decode(part, container) is not { } bytes)
        {
            return [];
        }

        var cms = CmsContent.Read(bytes, _maxDecodedBytes - _decodedBytes);
        switch (cms.Kind)
        {
            case CmsKind.Encrypted:
                Note(UninspectedReason.Encrypted, part, container, "The message is encrypted (S/MIME enveloped data): its content cannot be read without the recipient's key.");
                return [];
            case CmsKind.NoContent:
                return [];
            case CmsKind.TooLarge:
                NoteBudget(part, container);
                return [];
            case CmsKind.Unreadable:
                Note(UninspectedReason.Undecodable, part, container, "An S/MIME part (application/pkcs7-mime) cannot be decoded, so the content it wraps was not inspected.");
                return [];
        }

        if (!Charge(cms.Content!.Length))
        {
            NoteBudget(part, container);
            return [];
        }

        MimeEntity entity;
        try
        {
            entity = new MimeParser(_parserOptions, new MemoryStream(cms.Content, writable: false), MimeFormat.Entity, persistent: true).ParseEntity(cancellationToken);
        }
        catch (FormatException)
        {
            Note(UninspectedReason.Undecodable, part, container, "The content of an S/MIME part is not MIME, so it was not inspected.");
            return [];
        }

        _owned.Add(entity);
        return [(entity, container)];
    }

    /// <summary>Extracts the files (and the body) of TNEF data with MimeKit, at most as many as the walk still reads. A
    /// file is named by its path in the TNEF file (<c>winmail.dat/invoice.exe</c>); an attached message in it is TNEF
    /// again, opened in turn one level deeper.</summary>
    private List<(MimeEntity, string)> OpenTnef(MimePart part, string container, int maxParts)
    {
        if (Decode(part, container) is not { } bytes)
        {
            return [];
        }

        var length = TnefFiles.LengthForFiles(bytes, Math.Max(0, maxParts), out var truncated);
        if (truncated)
        {
            Note(UninspectedReason.LimitReached, part, container, string.Create(CultureInfo.InvariantCulture,
                $"The TNEF file holds more files than the {maxParts:N0} parts the engine still reads; the rest were not inspected."));
        }

        var tnef = new TnefPart { Content = new MimeContent(new MemoryStream(bytes.Array!, bytes.Offset, length, writable: false, publiclyVisible: true)) };
        _owned.Add(tnef);
        List<MimeEntity> files;
        try
        {
            files = [.. tnef.ExtractAttachments()];
        }
#pragma warning disable CA1031 // Hostile TNEF data must not fail the analysis, whatever MimeKit throws on it: it is noted instead.
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
#pragma warning restore CA1031
        {
            Note(UninspectedReason.Undecodable, part, container, "A TNEF file (winmail.dat) cannot be decoded, so the files it holds were not inspected.");
            return [];
        }

        var name = MimeParts.FileName(part) is { Length: > 0 } declared ? declared : "winmail.dat";
        var path = container + name + ContainerSeparator;
        var result = new List<(MimeEntity, string)>(files.Count);
        foreach (var file in files)
        {
            _owned.Add(file);
            if (file is MimePart { Content.Stream: { } stream } && !Charge(stream.Length))
            {
                NoteBudget(part, container);
                break;
            }

            result.Add((file, path));
        }

        return result;
    }

    /// <summary>Opens the emails an archive holds (<see cref="ArchiveInspector"/> finds them, within the budget of
    /// decompressed bytes the message's archives share), each as an attached message whose parts follow it, at most as
    /// many as the walk still reads. An archive whose content is not unpacked (RAR, CAB, 7-Zip) and holds a file named
    /// <c>.eml</c> is noted: that message is not inspected.</summary>
    private List<HeldEntity> OpenArchive(MimePart part, string container, int maxParts, CancellationToken cancellationToken)
    {
        if (part.Content is null)
        {
            return [];
        }

        var name = MimeParts.FileName(part) is { Length: > 0 } declared ? declared : "(unnamed archive)";
        var path = container + name + ContainerSeparator;
        if (_archiveBudget <= 0)
        {
            NoteArchiveBudget(part, container);
            return [];
        }

        using var decoded = new MemoryStream();
        part.Content.DecodeTo(decoded, cancellationToken);
        var bytes = decoded.GetBuffer().AsMemory(0, (int)decoded.Length);

        // The same archive again (a copy, or an archive that holds a message holding it) holds nothing new.
        if (!_archivesSearched.Add(Convert.ToHexString(SHA256.HashData(bytes.Span))))
        {
            return [];
        }

        var result = new List<HeldEntity>();
        var limits = new MessageLimits
        {
            MaxArchiveEntries = _limits.MaxArchiveEntries,
            MaxArchiveDecompressedBytes = _archiveBudget,
            MaxArchiveCompressionRatio = _limits.MaxArchiveCompressionRatio,
            MaxArchiveDepth = _limits.MaxArchiveDepth,
        };
        var listing = ArchiveInspector.Inspect(bytes, limits, name, message: file =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (result.Count >= maxParts)
            {
                Note(UninspectedReason.LimitReached, "attachment:" + path.TrimEnd(ContainerSeparator), string.Create(CultureInfo.InvariantCulture,
                    $"The archive holds more messages than the {maxParts:N0} parts the engine still reads; the rest were not inspected."));
                return false;
            }

            if (OpenArchivedMessage(file, path, cancellationToken) is { } body)
            {
                result.Add(new HeldEntity(body, path + file.Name + ContainerSeparator, "attachment:" + path + file.Name));
            }

            return _decodedBytes < _maxDecodedBytes;
        });

        _archiveBudget -= listing.Decompressed;
        if (_archiveBudget <= 0 && limits.MaxArchiveDecompressedBytes < _limits.MaxArchiveDecompressedBytes)
        {
            // The attachment checks read each archive within a budget of its own and say when it runs out; the budget
            // the message's archives share for messages ran out on this one because of the others.
            NoteArchiveBudget(part, container);
        }

        if (listing.NotUnpacked)
        {
            var unopened = listing.Entries.Find(e => FileNames.Extension(e.Name) == "eml");
            if (unopened is not null)
            {
                Note(UninspectedReason.LimitReached, "attachment:" + path + unopened.Name, "The archive holds a message, but its content is not unpacked (no decoder is shipped for its format), so the message was not inspected.");
            }
        }

        return result;
    }

    /// <summary>Parses a file found in an archive as a message, if it is one: a file named <c>.eml</c> is read as a
    /// client opens it; another file only when it has the form of a message (<see cref="MessageText.HasHeaderBlock"/>).
    /// Its bytes count against the budget of decoded content; what lies past the budget, or past the part of a large
    /// file that was read, is noted.</summary>
    /// <returns>The message's body, or <see langword="null"/>.</returns>
    private MimeEntity? OpenArchivedMessage(ArchiveFile file, string archivePath, CancellationToken cancellationToken)
    {
        var named = FileNames.Extension(file.Name) == "eml";
        var content = file.Content;
        if (!named && !MessageText.HasHeaderBlock(content.Span))
        {
            return null;
        }

        var location = "attachment:" + archivePath + file.Name;
        var allowed = _maxDecodedBytes - _decodedBytes;
        if (allowed <= 0)
        {
            NoteBudget(location);
            return null;
        }

        if (content.Length > allowed)
        {
            NoteBudget(location);
            content = content[..(int)allowed];
        }
        else if (file.IsCut)
        {
            Note(UninspectedReason.LimitReached, location, string.Create(CultureInfo.InvariantCulture,
                $"A message in an archive is larger than the {ArchiveInspector.MaxNestedArchiveBytes:N0} bytes (or the decompressed bytes) the engine reads of a file inside an archive; only its beginning was inspected."));
        }

        _decodedBytes += content.Length;
        var skipped = content.Length - MessageText.SkipMboxLine(content.Span).Length;
        content = content[skipped..];
        if (!MemoryMarshal.TryGetArray(content, out var segment) || segment.Array is null)
        {
            return null;
        }

        MimeMessage message;
        try
        {
            var stream = new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false, publiclyVisible: true);
            message = new MimeParser(_parserOptions, stream, MimeFormat.Entity, persistent: true).ParseMessage(cancellationToken);
        }
        catch (FormatException)
        {
            if (named)
            {
                Note(UninspectedReason.Undecodable, location, "A message in an archive cannot be parsed, so its content was not inspected.");
            }

            return null;
        }

        _owned.Add(message);
        return message.Headers.Count > 0 ? message.Body : null;
    }

    /// <summary>Counts bytes extracted from a container against the budget; <see langword="false"/> past it.</summary>
    private bool Charge(long bytes)
    {
        if (_decodedBytes + bytes > _maxDecodedBytes)
        {
            return false;
        }

        _decodedBytes += bytes;
        return true;
    }

    /// <summary>Decodes a part's content within the budget; <see langword="null"/> (and noted) past it.</summary>
    private ArraySegment<byte>? Decode(MimePart part, string container)
    {
        if (part.Content is null)
        {
            return ArraySegment<byte>.Empty;
        }

        using var decoded = part.Content.Open();
        using var output = new MemoryStream();
        var chunk = new byte[ChunkSize];
        int read;
        while ((read = decoded.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (_decodedBytes + output.Length + read > _maxDecodedBytes)
            {
                NoteBudget(part, container);
                return null;
            }

            output.Write(chunk, 0, read);
        }

        _decodedBytes += output.Length;
        return new ArraySegment<byte>(output.GetBuffer(), 0, (int)output.Length);
    }

    /// <summary>The first decoded bytes of a part, to sniff its type.</summary>
    private static ReadOnlySpan<byte> Prefix(MimePart part)
    {
        if (part.Content is null)
        {
            return [];
        }

        using var decoded = part.Content.Open();
        var buffer = new byte[SniffLength];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = decoded.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        return buffer.AsSpan(0, length);
    }

    private void NoteBudget(MimePart part, string container) => NoteBudget(Location(part, container));

    private void NoteBudget(string location)
    {
        if (_budgetNoted)
        {
            return;
        }

        _budgetNoted = true;
        Note(UninspectedReason.LimitReached, location, string.Create(CultureInfo.InvariantCulture,
            $"The message holds more encoded content (attached messages and other containers) than the {_maxDecodedBytes:N0} bytes the engine decodes; the rest was not inspected."));
    }

    private void NoteArchiveBudget(MimePart part, string container)
    {
        if (_archiveBudgetNoted)
        {
            return;
        }

        _archiveBudgetNoted = true;
        Note(UninspectedReason.LimitReached, Location(part, container), string.Create(CultureInfo.InvariantCulture,
            $"The message's archives decompress to more than the {_limits.MaxArchiveDecompressedBytes:N0} bytes the engine reads to find the messages they hold; the messages past it were not inspected."));
    }

    private void Note(UninspectedReason reason, MimePart part, string container, string detail) => Note(reason, Location(part, container), detail);

    private void Note(UninspectedReason reason, string location, string detail) =>
        _uninspected.Add(new UninspectedContent(reason, location, detail));

    internal static string Location(MimePart part, string container) =>
        "attachment:" + container + (MimeParts.FileName(part) is { Length: > 0 } name ? name : part.ContentType.MimeType.ToLowerInvariant());
}

/// <summary>A MIME entity a container holds.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Container">The container path of its files (<c>winmail.dat/</c>), or an empty string.</param>
/// <param name="Origin">For the body of a message found in an archive, where that message is
/// (<c>attachment:invoice.zip/invoice.eml</c>); <see langword="null"/> for an entity that lies where its container does.</param>
internal readonly record struct HeldEntity(MimeEntity Entity, string Container, string? Origin = null);
