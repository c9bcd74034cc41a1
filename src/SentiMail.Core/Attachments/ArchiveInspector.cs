using System.IO.Compression;
using System.Runtime.InteropServices;
using SentiMail.Parsing;

namespace SentiMail.Attachments;

/// <summary>Lists ZIP archives (and OOXML documents) without unpacking them, reading at most a few bytes of each entry
/// to sniff its type, and stops at the first limit: entry count, declared ratio, total decompressed bytes. A ZIP
/// archive inside the archive is read into memory (at most <see cref="MaxNestedArchiveBytes"/>, counted against the
/// decompressed bytes) and listed in turn, its entries named <c>outer.zip/inner.exe</c>, down to
/// <see cref="MessageLimits.MaxArchiveDepth"/>; every level shares the one entry count and decompression budget.</summary>
internal static class ArchiveInspector
{
    private const int SniffBytes = 4096;

    /// <summary>The largest archive inside an archive that is read to be listed.</summary>
    internal const int MaxNestedArchiveBytes = 8 * 1024 * 1024;

    public static ArchiveListing Inspect(ReadOnlyMemory<byte> content, MessageLimits limits)
    {
        var listing = new ArchiveListing();
        try
        {
            List(content, limits, listing, string.Empty, 1);
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

    private static void List(ReadOnlyMemory<byte> content, MessageLimits limits, ArchiveListing listing, string prefix, int depth)
    {
        var span = content.Span;
        if (!span.StartsWith("PK\u0003\u0004"u8) && !span.StartsWith("PK\u0005\u0006"u8) && FileTypeSniffer.ZipStart(span) is > 0 and var start)
        {
            // Other bytes before the archive (FileTypeSniffer found it from its end): list it from where it starts.
            content = content[start..];
        }

        using var stream = MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        var buffer = new byte[SniffBytes];
        OfficePackage? package = null;
        var names = new List<string>();
        foreach (var entry in zip.Entries)
        {
            if (listing.Entries.Count >= limits.MaxArchiveEntries)
            {
                listing.LimitHit = $"more than {limits.MaxArchiveEntries} entries";
                break;
            }

            if (entry.FullName.EndsWith('/'))
            {
                continue;
            }

            var name = prefix + entry.FullName;
            var ratio = entry.CompressedLength > 0 ? entry.Length / (double)entry.CompressedLength : entry.Length > 0 ? double.PositiveInfinity : 0;
            if (entry.Length > 1024 * 1024 && ratio > limits.MaxArchiveCompressionRatio)
            {
                listing.Bomb = $"{name} declares {entry.Length:N0} bytes from {entry.CompressedLength:N0} (ratio {ratio:0})";
            }

            var kind = FileKind.Unknown;
            var nested = false;
            var read = 0;
            if (entry.IsEncrypted)
            {
                listing.HasEncrypted = true;
            }
            else if (listing.Decompressed < limits.MaxArchiveDecompressedBytes)
            {
                read = ReadHead(entry, buffer, (int)Math.Min(SniffBytes, limits.MaxArchiveDecompressedBytes - listing.Decompressed));
                listing.Decompressed += read;
                kind = FileTypeSniffer.Sniff(buffer.AsSpan(0, read));

                // A nested archive: one by its first bytes, or one named .zip whose first bytes are other bytes before it.
                var archive = kind is FileKind.Zip || (read == SniffBytes && kind is not FileKind.OfficeOpenXml && FileNames.Extension(entry.FullName) == "zip");
                nested = archive && depth < limits.MaxArchiveDepth;
                if (archive && !nested)
                {
                    // Deeper than the limit: what it holds stays unseen, which the listing must say.
                    listing.LimitHit ??= $"an archive nested deeper than {limits.MaxArchiveDepth} levels ({name}), not opened";
                }
            }
            else
            {
                listing.LimitHit = $"more than {limits.MaxArchiveDecompressedBytes:N0} decompressed bytes";
            }

            listing.DeclaredTotal += entry.Length;
            listing.Entries.Add(new ArchiveEntryInfo(name, entry.Length, entry.CompressedLength, entry.IsEncrypted, kind));
            names.Add(PartName(entry.FullName));
            if (OfficePackage.IsDescriptor(PartName(entry.FullName)) && !entry.IsEncrypted)
            {
                package ??= new OfficePackage();
                ReadDescriptor(entry, read, limits, listing, package);
            }

            if (nested)
            {
                ListNested(entry, name, read, limits, listing, depth);
            }
        }

        if (package is not null && names.Exists(n => n.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase)))
        {
            // An Office document: its content types and relationships say which parts hold macros.
            foreach (var (part, what) in package.Macros(names))
            {
                listing.Macros.Add(new(prefix + part, what));
            }

            if (package.MacroEnabledType is { } type)
            {
                listing.MacroEnabledTypes.Add(new(prefix.TrimEnd('/'), type));
            }
        }
    }

    /// <summary>Returns an entry's name as an Office package part name: forward slashes, no leading slash.</summary>
    private static string PartName(string entryName) => entryName.Replace('\\', '/').TrimStart('/');

    /// <summary>Reads an Office package's content types or relationships part (at most
    /// <see cref="OfficePackage.MaxPartBytes"/>, within the decompression budget) into <paramref name="package"/>.</summary>
    private static void ReadDescriptor(ZipArchiveEntry entry, int headRead, MessageLimits limits, ArchiveListing listing, OfficePackage package)
    {
        // The head was counted when it was sniffed; the entry is read again from its start, the rest counts now.
        var max = (int)Math.Min(OfficePackage.MaxPartBytes, limits.MaxArchiveDecompressedBytes - listing.Decompressed + headRead);
        if (max <= 0)
        {
            return;
        }

        var (bytes, read, _) = ReadAll(entry, max, truncate: true);
        listing.Decompressed += Math.Max(0, Math.Min(read, max) - headRead);
        if (bytes is not null)
        {
            package.Read(PartName(entry.FullName), bytes);
        }
    }

    /// <summary>Reads an archive inside the archive into memory, within the decompression budget and
    /// <see cref="MaxNestedArchiveBytes"/>, and lists it one level deeper.</summary>
    /// <param name="entry">The entry holding the archive.</param>
    /// <param name="name">The entry's name as listed.</param>
    /// <param name="headRead">The bytes of the entry already read (and counted) to sniff it.</param>
    /// <param name="limits">The limits.</param>
    /// <param name="listing">The listing to add to.</param>
    /// <param name="depth">The depth of the archive holding the entry.</param>
    private static void ListNested(ZipArchiveEntry entry, string name, int headRead, MessageLimits limits, ArchiveListing listing, int depth)
    {
        var tooLarge = $"an archive inside it larger than {MaxNestedArchiveBytes:N0} bytes ({name}), not opened";
        if (entry.Length > MaxNestedArchiveBytes)
        {
            listing.LimitHit ??= tooLarge;
            return;
        }

        // The whole entry is read again from its start: the head was counted when it was sniffed, the rest counts now.
        var budget = limits.MaxArchiveDecompressedBytes - listing.Decompressed + headRead;
        var max = (int)Math.Min(MaxNestedArchiveBytes, budget);
        var (bytes, read, error) = ReadAll(entry, max, truncate: false);
        listing.Decompressed += Math.Max(0, Math.Min(read, max) - headRead);
        if (error is not null)
        {
            listing.LimitHit ??= $"an archive inside it that cannot be read ({name}: {error})";
            return;
        }

        if (bytes is null)
        {
            listing.LimitHit ??= max < MaxNestedArchiveBytes ? $"more than {limits.MaxArchiveDecompressedBytes:N0} decompressed bytes" : tooLarge;
            return;
        }

        if (FileTypeSniffer.Sniff(bytes) is not FileKind.Zip)
        {
            return;
        }

        // The entry was added last; a .zip whose first bytes are other bytes is typed as what it is.
        if (listing.Entries[^1].Kind is not FileKind.Zip)
        {
            listing.Entries[^1] = listing.Entries[^1] with { Kind = FileKind.Zip };
        }

        listing.NestedArchives++;
        try
        {
            List(bytes, limits, listing, name + "/", depth + 1);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            listing.LimitHit ??= $"an archive inside it that cannot be read ({name}: {ex.Message})";
        }
    }

    /// <summary>Reads a whole entry, decompressing at most <paramref name="max"/> + 1 bytes (the one more tells that the
    /// entry holds more).</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="max">The most bytes wanted.</param>
    /// <param name="truncate">Whether an entry holding more gives its first <paramref name="max"/> bytes rather than none.</param>
    /// <returns>The bytes, or <see langword="null"/> when the entry holds more than <paramref name="max"/> bytes (unless
    /// <paramref name="truncate"/>) or cannot be read; the bytes decompressed; and why it cannot be read, if so.</returns>
    private static (byte[]? Bytes, long Read, string? Error) ReadAll(ZipArchiveEntry entry, int max, bool truncate)
    {
        long read = 0;
        try
        {
            using var s = entry.Open();
            // The declared length is the sender's word: start small and grow with the bytes actually inflated.
            using var output = new MemoryStream((int)Math.Clamp(entry.Length, 0, Math.Min(max, 64 * 1024)));
            var chunk = new byte[81920];
            while (true)
            {
                var n = s.Read(chunk, 0, (int)Math.Min(chunk.Length, max + 1L - read));
                if (n == 0)
                {
                    return (output.ToArray(), read, null);
                }

                read += n;
                if (read > max)
                {
                    if (truncate)
                    {
                        output.Write(chunk, 0, n - (int)(read - max));
                        return (output.ToArray(), read, null);
                    }

                    return (null, read, null);
                }

                output.Write(chunk, 0, n);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            return (null, read, ex.Message);
        }
    }

    private static int ReadHead(ZipArchiveEntry entry, byte[] buffer, int max)
    {
        try
        {
            using var s = entry.Open();
            var total = 0;
            while (total < max)
            {
                var n = s.Read(buffer, total, max - total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            return 0;
        }
    }
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

    public string? LimitHit { get; set; }

    public string? Error { get; set; }

    /// <summary>Gets the parts of Office documents (the archive itself, or documents inside it) that hold macros.</summary>
    public List<ArchiveFinding> Macros { get; } = [];

    /// <summary>Gets the content types marked <c>macroEnabled</c> of Office documents (the archive itself, named by an
    /// empty string, or documents inside it).</summary>
    public List<ArchiveFinding> MacroEnabledTypes { get; } = [];
}

/// <summary>Something found in an archive.</summary>
/// <param name="Name">The entry it was found in, named by its path.</param>
/// <param name="What">What was found.</param>
internal sealed record ArchiveFinding(string Name, string What);
