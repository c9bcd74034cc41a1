using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using SentiMail.Internal;
using SentiMail.Parsing;

namespace SentiMail.Attachments;

/// <summary>
/// Lists archives without unpacking them to disk: ZIP (and Office Open XML documents), gzip, tar, and by name only the
/// CAB and RAR archives whose content would need a decoder that is not shipped. Each entry is sniffed from its first
/// bytes; an entry whose content the attachment checks read (a page, an SVG image, a PDF, an OLE document) is read
/// whole, up to <see cref="MaxNestedArchiveBytes"/>, and handed to them. An archive inside the archive is listed in
/// turn, its entries named <c>outer.zip/inner.exe</c>, down to <see cref="MessageLimits.MaxArchiveDepth"/>; one level
/// deeper, or over <see cref="MaxNestedArchiveBytes"/>, only its entries' names are listed. Every level shares one
/// count of entries read (<see cref="MessageLimits.MaxArchiveEntries"/>; past it entries are listed by name only, up to
/// <see cref="NamesPerEntryLimit"/> times as many) and one budget of decompressed bytes
/// (<see cref="MessageLimits.MaxArchiveDecompressedBytes"/>). A ZIP archive that <see cref="ZipArchive"/> cannot open
/// (its directory missing, damaged or hidden) is listed from its local headers, as 7-Zip and unzip extract it. An
/// entry that may be an email (named <c>.eml</c>, or starting with a header field) is read whole, up to
/// <see cref="MaxNestedArchiveBytes"/>, and handed to the caller when it asks for messages.
/// </summary>
internal static class ArchiveInspector
{
    /// <summary>The largest archive inside an archive that is read to be listed, and the most of a file inside an
    /// archive that is read for its content checks.</summary>
    internal const int MaxNestedArchiveBytes = 8 * 1024 * 1024;

    /// <summary>How many entries are listed by name, at most, for each entry whose content may be read.</summary>
    internal const int NamesPerEntryLimit = 10;

    private const int SniffBytes = 4096;

    /// <summary>Lists an archive.</summary>
    /// <param name="content">The archive's bytes.</param>
    /// <param name="limits">The limits.</param>
    /// <param name="fileName">The attachment's name (names the content of a gzip stream that records none).</param>
    /// <param name="check">Runs the content checks on a file inside the archive; returns the bytes it decompressed
    /// itself (counted against the budget).</param>
    /// <param name="message">Receives each file inside the archive that may be an email (named <c>.eml</c>, or starting
    /// with a header field); returns <see langword="false"/> to be handed no more.</param>
    /// <returns>The listing.</returns>
    public static ArchiveListing Inspect(ReadOnlyMemory<byte> content, MessageLimits limits, string fileName = "", Func<ArchiveFile, long>? check = null, Func<ArchiveFile, bool>? message = null)
    {
        var listing = new ArchiveListing();
        try
        {
            new Inspection(limits, listing, check, message).ListAttachment(content, fileName);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            listing.Error = ex.Message;
        }

        if (listing.Error is null && listing.DeclaredTotal > limits.MaxArchiveDecompressedBytes * 16L && listing.Bomb is null)
        {
            listing.Bomb = $"entries declare {listing.DeclaredTotal:N0} bytes in all";
        }

        return listing;
    }

    /// <summary>Returns the name of what a gzip stream holds when it records none: its file name without <c>.gz</c>
    /// (<c>.tgz</c> holds a <c>.tar</c>, <c>.svgz</c> an <c>.svg</c>).</summary>
    /// <param name="fileName">The gzip stream's file name.</param>
    /// <returns>The inner name.</returns>
    internal static string GzipInnerName(string fileName)
    {
        var extension = FileNames.Extension(fileName);
        var stem = fileName.Length > extension.Length ? fileName[..^(extension.Length + 1)] : fileName;
        return extension switch
        {
            "gz" or "gzip" when stem.Length > 0 => stem,
            "tgz" => stem + ".tar",
            "svgz" => stem + ".svg",
            _ => stem.Length > 0 ? stem : "content",
        };
    }

    private static string PartName(string entryName) => entryName.Replace('\\', '/').TrimStart('/');

    private static MemoryStream Open(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    /// <summary>One inspection: the limits, what was found so far, and the count of entries read.</summary>
    private sealed class Inspection(MessageLimits limits, ArchiveListing listing, Func<ArchiveFile, long>? check, Func<ArchiveFile, bool>? message)
    {
        private int _read;

        /// <summary>Whether the caller wants no more messages: nothing more is read.</summary>
        private bool _messagesDone;

        private int MaxNames => (int)Math.Min(int.MaxValue, (long)limits.MaxArchiveEntries * NamesPerEntryLimit);

        private string BudgetLimit => $"more than {limits.MaxArchiveDecompressedBytes:N0} decompressed bytes";

        private bool Exhausted => listing.Decompressed >= limits.MaxArchiveDecompressedBytes;

        public void ListAttachment(ReadOnlyMemory<byte> content, string fileName)
        {
            var span = content.Span;
            switch (FileTypeSniffer.Sniff(span))
            {
                case FileKind.Gzip:
                    ListGzip(content, GzipInnerName(fileName), string.Empty, 1, namesOnly: false);
                    break;
                case FileKind.Tar:
                    using (var tar = Open(content))
                    {
                        ListTar(tar, string.Empty, 1, namesOnly: false, whole: true);
                    }

                    break;
                case FileKind.Cab:
                    listing.NotUnpacked = true;
                    var cabFiles = ArchiveHeaders.CabFiles(span, MaxNames);
                    listing.Unlisted = cabFiles.Count == 0;
                    foreach (var (name, size) in cabFiles)
                    {
                        Entry(new(string.Empty, name, null, size, -1, false), null, 1, namesOnly: true);
                    }

                    break;
                case FileKind.Rar:
                    listing.NotUnpacked = true;
                    var (files, headersEncrypted) = ArchiveHeaders.RarFiles(span, MaxNames);
                    listing.HasEncrypted |= headersEncrypted;
                    listing.Unlisted = headersEncrypted || files.Count == 0;
                    foreach (var file in files)
                    {
                        Entry(new(string.Empty, file.Name, null, file.Size, -1, file.IsEncrypted), null, 1, namesOnly: true);
                    }

                    break;
                case FileKind.SevenZip:
                    // Its names are in a compressed header (LZMA), which no shipped decoder reads.
                    listing.NotUnpacked = true;
                    listing.Unlisted = true;
                    break;
                default:
                    ListZip(content, string.Empty, 1, namesOnly: false, top: true);
                    break;
            }
        }

        /// <summary>Lists a ZIP archive: through <see cref="ZipArchive"/>, or from its local headers when it cannot.</summary>
        /// <param name="content">The archive's bytes.</param>
        /// <param name="prefix">The path of the archive, ending with a slash, or empty for the attachment.</param>
        /// <param name="depth">The archive's level (1 for the attachment).</param>
        /// <param name="namesOnly">Whether to list the names only.</param>
        /// <param name="top">Whether the archive is the attachment (whose failure is the listing's error).</param>
        private void ListZip(ReadOnlyMemory<byte> content, string prefix, int depth, bool namesOnly, bool top)
        {
            var span = content.Span;
            if (!span.StartsWith("PK\u0003\u0004"u8) && !span.StartsWith("PK\u0005\u0006"u8) && FileTypeSniffer.ZipStart(span) is > 0 and var start)
            {
                // Other bytes before the archive (FileTypeSniffer found it from its end): list it from where it starts.
                content = content[start..];
            }

            using var stream = Open(content);
            ZipArchive? zip = null;
            System.Collections.ObjectModel.ReadOnlyCollection<ZipArchiveEntry> entries;
            try
            {
                zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
                entries = zip.Entries;
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException)
            {
                zip?.Dispose();
                var found = LocalEntries(content, ex);
                var how = $"its directory cannot be read ({ex.Message}); it was listed from its local headers, as 7-Zip and unzip extract it";
                listing.Damaged ??= top ? how : $"an archive inside it ({prefix.TrimEnd('/')}) whose {how[4..]}";
                ListLocalHeaders(content, found, prefix, depth, namesOnly);
                return;
            }

            using (zip)
            {
                // The Unicode Path fields, record by record in the directory's order, which is the entries' order.
                var unicode = ZipStructure.UnicodePaths(content.Span, entries.Count);
                var package = entries.Any(e => PartName(e.FullName).Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase)) ? new OfficePackage() : null;
                for (var i = 0; i < entries.Count && !Full(); i++)
                {
                    var entry = entries[i];
                    var other = unicode.Count == entries.Count ? unicode[i] : null;
                    Entry(new(prefix, entry.FullName, other, entry.Length, entry.CompressedLength, entry.IsEncrypted, package), entry.Open, depth, namesOnly);
                }

                NotePackage(package, prefix, entries.Select(e => PartName(e.FullName)));
            }
        }

        /// <summary>Finds the entries of a ZIP archive by its local headers.</summary>
        /// <exception cref="InvalidDataException">There are none: the archive cannot be read at all.</exception>
        private List<LocalEntry> LocalEntries(ReadOnlyMemory<byte> content, Exception failure)
        {
            var found = ZipStructure.LocalEntries(content.Span, MaxNames).Where(e => e.Name.Length > 0 || e.UnicodeName is { Length: > 0 }).ToList();
            return found.Count > 0 ? found : throw new InvalidDataException(failure.Message, failure);
        }

        /// <summary>Lists a ZIP archive from its local headers: when its directory cannot be read, or when only its first
        /// bytes were read.</summary>
        private void ListLocalHeaders(ReadOnlyMemory<byte> content, List<LocalEntry> found, string prefix, int depth, bool namesOnly)
        {
            var package = found.Any(e => PartName(e.Name).Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase)) ? new OfficePackage() : null;
            foreach (var local in found)
            {
                if (Full())
                {
                    break;
                }

                var data = content.Slice(local.DataStart, local.DataLength);
                Func<Stream>? open = local.Method switch
                {
                    0 => () => Open(data),
                    8 => () => new DeflateStream(Open(data), CompressionMode.Decompress),
                    _ => null,
                };
                var name = local.Name.Length > 0 ? local.Name : local.UnicodeName!;
                Entry(new(prefix, name, local.UnicodeName, local.Size, local.CompressedSize, local.IsEncrypted, package), open, depth, namesOnly);
            }

            NotePackage(package, prefix, found.Select(e => PartName(e.Name)));
        }

        private void NotePackage(OfficePackage? package, string prefix, IEnumerable<string> names)
        {
            if (package is null)
            {
                return;
            }

            // An Office document: its content types and relationships say which parts hold macros.
            foreach (var (part, what) in package.Macros(names))
            {
                listing.Macros.Add(new(prefix + part, what));
            }

            if (package.MacroEnabledType is { } type)
            {
                listing.MacroEnabledTypes.Add(new(prefix.TrimEnd('/'), type));
            }

            // What its relationships make Office fetch when it is opened (a remote template, an OLE object...).
            foreach (var threat in package.RemoteTargets)
            {
                listing.DocumentThreats.Add(new(prefix.TrimEnd('/'), threat with { Evidence = prefix + threat.Evidence }));
            }
        }

        /// <summary>Lists a gzip stream: one entry, named by the name the stream records, else by the gzip file's name.</summary>
        private void ListGzip(ReadOnlyMemory<byte> content, string innerName, string prefix, int depth, bool namesOnly)
        {
            var recorded = ArchiveHeaders.GzipName(content.Span);
            var name = recorded ?? innerName;
            var other = recorded is not null && !recorded.Equals(innerName, StringComparison.Ordinal) ? innerName : null;

            // ISIZE, the last four bytes: the size modulo 4 GiB, as the sender declares it.
            var size = content.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(content.Span[^4..]) : 0;
            Entry(new(prefix, name, other, size, content.Length, false), () => new GZipStream(Open(content), CompressionMode.Decompress), depth, namesOnly);
        }

        /// <summary>Lists a tar archive as it is read from a stream (in memory, or as it is decompressed).</summary>
        /// <param name="stream">The archive's bytes, from its start.</param>
        /// <param name="prefix">The archive's path, ending with a slash, or empty for the attachment.</param>
        /// <param name="depth">The archive's level.</param>
        /// <param name="namesOnly">Whether to list names only (the data is still read past, within the budget).</param>
        /// <param name="whole">Whether the stream holds the whole archive (not a head cut at a limit).</param>
        private void ListTar(Stream stream, string prefix, int depth, bool namesOnly, bool whole)
        {
            var walker = new TarWalker(stream);
            var listed = 0;
            while (!Full() && walker.Next() is { } item)
            {
                listed++;
                if (item.Type == '5')
                {
                    continue;
                }

                Entry(new(prefix, item.Name, null, item.Size, item.Size, false), item.IsFile ? walker.OpenData : null, depth, namesOnly || !item.IsFile);
            }

            if (walker.Corrupt && whole)
            {
                if (listed == 0)
                {
                    throw new InvalidDataException("The tar archive's first header is not valid.");
                }

                listing.Damaged ??= $"a tar archive {(prefix.Length > 0 ? $"({prefix.TrimEnd('/')}) " : string.Empty)}with a header that is not valid after {listed} entries";
            }
        }

        private bool Full()
        {
            if (listing.Entries.Count < MaxNames)
            {
                return false;
            }

            listing.LimitHit ??= $"more than {MaxNames:N0} entries (the rest not listed)";
            return true;
        }

        /// <summary>Lists one entry and, unless only names are wanted, reads it: its first bytes to sniff it, the rest
        /// when it is an archive to list or a file to check.</summary>
        private void Entry(EntryHeader header, Func<Stream>? open, int depth, bool namesOnly)
        {
            var name = header.Name;
            if (name.Length == 0 || name.EndsWith('/') || name.EndsWith('\\') || _messagesDone || Full())
            {
                return;
            }

            var path = header.Prefix + name;
            var ratio = header.CompressedSize > 0 ? header.Size / (double)header.CompressedSize : header.CompressedSize == 0 && header.Size > 0 ? double.PositiveInfinity : 0;
            if (header.Size > 1024 * 1024 && ratio > limits.MaxArchiveCompressionRatio)
            {
                listing.Bomb = $"{path} declares {header.Size:N0} bytes from {header.CompressedSize:N0} (ratio {ratio:0})";
            }

            listing.DeclaredTotal += Math.Max(0, header.Size);
            listing.HasEncrypted |= header.IsEncrypted;
            if (namesOnly || header.IsEncrypted || open is null)
            {
                Add(header, FileKind.Unknown);
                return;
            }

            if (_read >= limits.MaxArchiveEntries)
            {
                // Names cost nothing to read: the entries past the limit are still listed, by name.
                listing.LimitHit ??= $"more than {limits.MaxArchiveEntries:N0} entries (the rest checked by name only)";
                Add(header, FileKind.Unknown);
                return;
            }

            _read++;
            if (Exhausted)
            {
                listing.LimitHit ??= BudgetLimit;
                Add(header, FileKind.Unknown);
                return;
            }

            Stream stream;
            try
            {
                stream = open();
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
            {
                Add(header, FileKind.Unknown);
                return;
            }

            using (stream)
            {
                using var budgeted = new BudgetStream(stream, listing, limits.MaxArchiveDecompressedBytes);
                Read(header, budgeted, depth);
            }
        }

        private void Read(EntryHeader header, BudgetStream stream, int depth)
        {
            var path = header.Prefix + header.Name;
            byte[] head;
            try
            {
                head = ReadUpTo(stream, SniffBytes);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
            {
                Add(header, FileKind.Unknown);
                return;
            }

            var kind = FileTypeSniffer.Sniff(head);
            var index = Add(header, kind, kind == FileKind.Script && FileTypeSniffer.IsShebangScript(head));
            var inPackage = header.Package is not null;
            var extension = FileNames.Extension(header.Name);
            var opened = inPackage ? kind : FileTypeSniffer.AsOpened(kind, header.Name, string.Empty);
            var descriptor = inPackage && OfficePackage.IsDescriptor(PartName(header.Name));
            // The parts of an Office document are not opened as files, except its OLE objects (word/embeddings/...), which
            // are checked for the files they carry.
            var checkContent = check is not null && (inPackage
                ? kind == FileKind.OleDocument
                : opened is FileKind.Html or FileKind.Pdf or FileKind.OleDocument or FileKind.Rtf || extension == "svg" || FileNames.WebPage.Contains(extension));

            // A file that may be an email: named so, or starting with a header field. A page (.html, .mht) opens in the
            // browser, as the content checks read it, whatever its first lines say.
            var mayBeMessage = message is not null && !inPackage && kind is not (FileKind.Zip or FileKind.OfficeOpenXml or FileKind.Gzip or FileKind.Tar)
                && (extension == "eml" || (MessageText.StartsWithHeaderField(head) && extension != "svg" && !FileNames.WebPage.Contains(extension)));

            // A .zip whose first bytes are other bytes (the archive behind them) is read to be sure.
            var zip = kind is FileKind.Zip or FileKind.OfficeOpenXml || (head.Length == SniffBytes && kind is not FileKind.OfficeOpenXml && extension == "zip");
            var deep = depth >= limits.MaxArchiveDepth;
            try
            {
                switch (kind)
                {
                    case FileKind.Tar:
                        // Read as it streams: a tar archive is listed from its headers, whatever its size.
                        NoteDepth(deep, path);
                        using (var tar = new ConcatStream(head, stream))
                        {
                            ListTar(tar, path + "/", depth + 1, namesOnly: deep, whole: true);
                        }

                        listing.NestedArchives += deep ? 0 : 1;
                        break;
                    case FileKind.Gzip:
                        NoteDepth(deep, path);
                        var inner = ArchiveHeaders.GzipName(head) ?? GzipInnerName(header.Name);
                        Entry(new(path + "/", inner, null, -1, -1, false), () => new GZipStream(new ConcatStream(head, stream), CompressionMode.Decompress), depth + 1, deep);
                        listing.NestedArchives += deep ? 0 : 1;
                        break;
                    default:
                        if (mayBeMessage && !zip)
                        {
                            var (bytes, more) = ReadRest(stream, head, MaxNestedArchiveBytes);
                            _messagesDone = !message!(new ArchiveFile(path, kind, bytes, Math.Max(0, limits.MaxArchiveDecompressedBytes - listing.Decompressed)) { IsCut = more });
                        }
                        else if (zip || descriptor || checkContent)
                        {
                            var (bytes, more) = ReadRest(stream, head, descriptor ? OfficePackage.MaxPartBytes : MaxNestedArchiveBytes);
                            if (descriptor)
                            {
                                header.Package!.Read(PartName(header.Name), bytes);
                            }
                            else if (zip)
                            {
                                Nested(bytes, more, path, index, depth);
                            }
                            else
                            {
                                Check(path, opened, bytes, more, inPackage);
                            }
                        }

                        break;
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
            {
                listing.Damaged ??= $"an archive inside it that cannot be read ({path}: {ex.Message})";
            }

            if (stream.Exhausted)
            {
                listing.LimitHit ??= BudgetLimit;
            }
        }

        private void NoteDepth(bool deep, string path)
        {
            if (deep)
            {
                listing.LimitHit ??= $"an archive nested deeper than {limits.MaxArchiveDepth} levels ({path}), listed by name only";
            }
        }

        /// <summary>Lists a ZIP archive read from inside the archive: in full one level deeper, by name only when it is
        /// deeper than the limit or was cut at <see cref="MaxNestedArchiveBytes"/> or at the budget.</summary>
        private void Nested(byte[] bytes, bool cut, string path, int index, int depth)
        {
            if (!cut && FileTypeSniffer.Sniff(bytes) is not (FileKind.Zip or FileKind.OfficeOpenXml))
            {
                return;
            }

            // A .zip whose first bytes are other bytes is typed as what it is.
            if (listing.Entries[index].Kind is not (FileKind.Zip or FileKind.OfficeOpenXml))
            {
                listing.Entries[index] = listing.Entries[index] with { Kind = FileKind.Zip };
            }

            var deep = depth >= limits.MaxArchiveDepth;
            NoteDepth(deep, path);
            if (cut)
            {
                // Its directory is at its end, past what was read: the entries whose local headers were read are listed.
                listing.LimitHit ??= Exhausted ? BudgetLimit : $"an archive inside it larger than {MaxNestedArchiveBytes:N0} bytes ({path}), listed from its first {MaxNestedArchiveBytes:N0} bytes";
                ListLocalHeaders(bytes, ZipStructure.LocalEntries(bytes, MaxNames), path + "/", depth + 1, namesOnly: deep);
                return;
            }

            try
            {
                ListZip(bytes, path + "/", depth + 1, namesOnly: deep, top: false);
                listing.NestedArchives += deep ? 0 : 1;
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException)
            {
                listing.Damaged ??= $"an archive inside it that cannot be read ({path}: {ex.Message})";
            }
        }

        private void Check(string path, FileKind kind, byte[] bytes, bool cut, bool inPackage)
        {
            // An Office document's OLE part past the size is checked in part without a note: only its package's header,
            // which comes first, is looked for, and large embedded objects (a workbook, a drawing) are common.
            if (cut && (!inPackage || Exhausted))
            {
                listing.LimitHit ??= Exhausted ? BudgetLimit : $"a file inside it larger than {MaxNestedArchiveBytes:N0} bytes ({path}), checked in part";
            }

            var used = check!(new ArchiveFile(path, kind, bytes, Math.Max(0, limits.MaxArchiveDecompressedBytes - listing.Decompressed)) { InPackage = inPackage });
            listing.Decompressed += Math.Max(0, used);
        }

        private int Add(EntryHeader header, FileKind kind, bool unixScript = false)
        {
            var other = header.OtherName is { Length: > 0 } o && !o.Equals(header.Name, StringComparison.Ordinal) ? header.Prefix + o : null;
            listing.Entries.Add(new ArchiveEntryInfo(header.Prefix + header.Name, header.Size, header.CompressedSize, header.IsEncrypted, kind) { OtherName = other, IsUnixScript = unixScript });
            return listing.Entries.Count - 1;
        }

        /// <summary>Reads up to <paramref name="max"/> bytes from the start of a stream.</summary>
        private static byte[] ReadUpTo(Stream stream, int max)
        {
            var buffer = new byte[max];
            var total = 0;
            while (total < max)
            {
                var n = stream.Read(buffer, total, max - total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total == max ? buffer : buffer[..total];
        }

        /// <summary>Reads the rest of an entry after its head, up to <paramref name="max"/> bytes in all.</summary>
        /// <returns>The bytes, and whether the entry held more (or the budget ran out first).</returns>
        private static (byte[] Bytes, bool More) ReadRest(BudgetStream stream, byte[] head, int max)
        {
            if (head.Length < SniffBytes)
            {
                return (head, stream.Exhausted);
            }

            // The declared size is the sender's word: the buffer grows with the bytes actually read.
            using var output = new MemoryStream();
            output.Write(head);
            var chunk = new byte[81920];
            while (output.Length <= max)
            {
                var n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, max + 1 - output.Length));
                if (n == 0)
                {
                    return (output.ToArray(), stream.Exhausted);
                }

                output.Write(chunk, 0, n);
            }

            return (output.GetBuffer().AsSpan(0, max).ToArray(), true);
        }
    }

    /// <summary>What an archive says about one entry before it is read.</summary>
    /// <param name="Prefix">The path of the archive holding it, ending with a slash, or empty.</param>
    /// <param name="Name">The entry's name in that archive.</param>
    /// <param name="OtherName">Another name it is extracted under, if any.</param>
    /// <param name="Size">The declared size (-1 when unknown).</param>
    /// <param name="CompressedSize">The compressed size (-1 when unknown).</param>
    /// <param name="IsEncrypted">Whether it is encrypted.</param>
    /// <param name="Package">The Office package it is a part of, if any.</param>
    private sealed record EntryHeader(string Prefix, string Name, string? OtherName, long Size, long CompressedSize, bool IsEncrypted, OfficePackage? Package = null);

    /// <summary>A stream that counts what is read from it against the decompression budget, and ends where the budget
    /// does.</summary>
    private sealed class BudgetStream(Stream inner, ArchiveListing listing, long budget) : ReadOnlyForwardStream
    {
        /// <summary>Gets a value indicating whether the stream ended at the budget with more bytes left.</summary>
        public bool Exhausted { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var allowed = budget - listing.Decompressed;
            if (allowed <= 0)
            {
                // One byte more tells whether the budget cut the entry short.
                Exhausted |= count > 0 && inner.Read(buffer, offset, 1) > 0;
                return 0;
            }

            var n = inner.Read(buffer, offset, (int)Math.Min(count, allowed));
            listing.Decompressed += n;
            return n;
        }
    }

    /// <summary>Bytes already read, then the rest of the stream they came from.</summary>
    private sealed class ConcatStream(byte[] head, Stream rest) : ReadOnlyForwardStream
    {
        private int _at;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_at < head.Length)
            {
                var n = Math.Min(count, head.Length - _at);
                head.AsSpan(_at, n).CopyTo(buffer.AsSpan(offset));
                _at += n;
                return n;
            }

            return rest.Read(buffer, offset, count);
        }
    }
}

/// <summary>A file inside an archive, read for its content checks.</summary>
/// <param name="Name">Its path, such as <c>docs.zip/invoice.html</c>.</param>
/// <param name="Kind">Its type as it opens (sniffed; text under a page name is HTML).</param>
/// <param name="Content">Its bytes (the first <see cref="ArchiveInspector.MaxNestedArchiveBytes"/> of a larger one).</param>
/// <param name="Budget">What is left of the decompression budget, for checks that decompress more.</param>
internal sealed record ArchiveFile(string Name, FileKind Kind, ReadOnlyMemory<byte> Content, long Budget)
{
    /// <summary>Gets a value indicating whether the file is a part of an Office document (an embedded OLE object),
    /// not a file of its own.</summary>
    public bool InPackage { get; init; }

    /// <summary>Gets a value indicating whether the file holds more than <see cref="Content"/>: it was cut at
    /// <see cref="ArchiveInspector.MaxNestedArchiveBytes"/> or at the decompression budget.</summary>
    public bool IsCut { get; init; }
}

/// <summary>What an archive holds.</summary>
internal sealed class ArchiveListing
{
    public List<ArchiveEntryInfo> Entries { get; } = [];

    public bool HasEncrypted { get; set; }

    public long DeclaredTotal { get; set; }

    public int NestedArchives { get; set; }

    /// <summary>Gets or sets the bytes decompressed so far, at every level together.</summary>
    public long Decompressed { get; set; }

    public string? Bomb { get; set; }

    /// <summary>Gets or sets the first limit the inspection stopped at, if any: what lay past it was not inspected
    /// (or only by name).</summary>
    public string? LimitHit { get; set; }

    /// <summary>Gets or sets why the attachment cannot be listed at all, if so.</summary>
    public string? Error { get; set; }

    /// <summary>Gets or sets what is damaged in an archive that could be listed: a directory that cannot be read (the
    /// entries were listed from their local headers), an archive inside it that cannot be read.</summary>
    public string? Damaged { get; set; }

    /// <summary>Gets or sets a value indicating whether the archive is of a kind whose content is not unpacked (RAR,
    /// CAB, 7-Zip): its entries, if any, are listed by name only.</summary>
    public bool NotUnpacked { get; set; }

    /// <summary>Gets or sets a value indicating whether not even the names in the archive could be read (7-Zip, RAR
    /// with encrypted headers).</summary>
    public bool Unlisted { get; set; }

    /// <summary>Gets the parts of Office documents (the archive itself, or documents inside it) that hold macros.</summary>
    public List<ArchiveFinding> Macros { get; } = [];

    /// <summary>Gets the content types marked <c>macroEnabled</c> of Office documents (the archive itself, named by an
    /// empty string, or documents inside it).</summary>
    public List<ArchiveFinding> MacroEnabledTypes { get; } = [];

    /// <summary>Gets what Office documents (the archive itself, named by an empty string, or documents inside it)
    /// fetch from elsewhere when they are opened, as their relationships say.</summary>
    public List<(string Document, DocumentThreat Threat)> DocumentThreats { get; } = [];
}

/// <summary>Something found in an archive.</summary>
/// <param name="Name">The entry it was found in, named by its path.</param>
/// <param name="What">What was found.</param>
internal sealed record ArchiveFinding(string Name, string What);
