using System.IO.Compression;
using System.Runtime.InteropServices;
using SentiMail.Parsing;

namespace SentiMail.Attachments;

/// <summary>Lists ZIP archives (and OOXML documents) without unpacking them, reading at most a few bytes of each entry
/// to sniff its type, and stops at the first limit: entry count, declared ratio, total decompressed bytes.</summary>
internal static class ArchiveInspector
{
    private const int SniffBytes = 4096;

    public static ArchiveListing Inspect(ReadOnlyMemory<byte> content, MessageLimits limits, int depth = 1)
    {
        var listing = new ArchiveListing();
        try
        {
            using var stream = MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
                ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(content.ToArray(), writable: false);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
            long decompressed = 0;
            var buffer = new byte[SniffBytes];
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

                var ratio = entry.CompressedLength > 0 ? entry.Length / (double)entry.CompressedLength : entry.Length > 0 ? double.PositiveInfinity : 0;
                if (entry.Length > 1024 * 1024 && ratio > limits.MaxArchiveCompressionRatio)
                {
                    listing.Bomb = $"{entry.FullName} declares {entry.Length:N0} bytes from {entry.CompressedLength:N0} (ratio {ratio:0})";
                }

                var kind = FileKind.Unknown;
                if (entry.IsEncrypted)
                {
                    listing.HasEncrypted = true;
                }
                else if (decompressed < limits.MaxArchiveDecompressedBytes)
                {
                    var read = ReadHead(entry, buffer, (int)Math.Min(SniffBytes, limits.MaxArchiveDecompressedBytes - decompressed));
                    decompressed += read;
                    kind = FileTypeSniffer.Sniff(buffer.AsSpan(0, read));
                    if (kind is FileKind.Zip && depth < limits.MaxArchiveDepth)
                    {
                        listing.NestedArchives++;
                    }
                }
                else
                {
                    listing.LimitHit = $"more than {limits.MaxArchiveDecompressedBytes:N0} decompressed bytes";
                }

                listing.DeclaredTotal += entry.Length;
                listing.Entries.Add(new ArchiveEntryInfo(entry.FullName, entry.Length, entry.CompressedLength, entry.IsEncrypted, kind));
            }

            if (listing.DeclaredTotal > limits.MaxArchiveDecompressedBytes * 16L && listing.Bomb is null)
            {
                listing.Bomb = $"entries declare {listing.DeclaredTotal:N0} bytes in all";
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            listing.Error = ex.Message;
        }

        return listing;
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

    public string? Bomb { get; set; }

    public string? LimitHit { get; set; }

    public string? Error { get; set; }
}
