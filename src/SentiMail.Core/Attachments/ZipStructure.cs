using System.Buffers.Binary;
using System.Text;

namespace SentiMail.Attachments;

/// <summary>
/// Reads a ZIP archive's records directly, where <see cref="System.IO.Compression.ZipArchive"/> does not go: the
/// Info-ZIP Unicode Path extra field (<c>0x7075</c>), which Info-ZIP unzip and 7-Zip extract the entry under instead of
/// its stored name, and the local file headers (<c>PK\3\4</c>), from which 7-Zip and unzip still extract an archive
/// whose end record or central directory is missing, wrong or hidden behind more than 64 KiB of other bytes.
/// </summary>
internal static class ZipStructure
{
    private const int LocalHeaderLength = 30;
    private const int CentralHeaderLength = 46;
    private const ushort UnicodePathField = 0x7075;
    private const ushort Zip64Field = 0x0001;

    /// <summary>Returns, for each central directory record in order, the name its Unicode Path field gives (or
    /// <see langword="null"/>); empty when the directory cannot be found where its end record says.</summary>
    /// <param name="zip">The archive's bytes, starting where the archive starts.</param>
    /// <param name="max">The most records read.</param>
    /// <returns>The names, one per record read.</returns>
    public static List<string?> UnicodePaths(ReadOnlySpan<byte> zip, int max)
    {
        var names = new List<string?>();
        var (start, record) = FileTypeSniffer.ZipEnd(zip);
        if (start != 0 || record < 0)
        {
            return names;
        }

        // ZipEnd checked that the directory starts where the record says.
        var size = BinaryPrimitives.ReadUInt32LittleEndian(zip[(record + 12)..]);
        ReadDirectory(zip[(int)(record - (long)size)..record], max, names);
        return names;
    }

    private static void ReadDirectory(ReadOnlySpan<byte> directory, int max, List<string?> names)
    {
        var at = 0;
        while (names.Count < max && at + CentralHeaderLength <= directory.Length && directory[at..].StartsWith("PK\u0001\u0002"u8))
        {
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[(at + 28)..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[(at + 30)..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[(at + 32)..]);
            var extraStart = at + CentralHeaderLength + nameLength;
            var extraEnd = Math.Min(directory.Length, extraStart + extraLength);
            names.Add(extraStart < extraEnd ? UnicodePath(directory[extraStart..extraEnd]) : null);
            at = extraStart + extraLength + commentLength;
        }
    }

    /// <summary>Walks the local file headers (<c>PK\3\4</c>) from the start, as a streaming extractor does: each entry's
    /// name, the name its Unicode Path field gives, its sizes and where its data lies. An entry whose compressed size is
    /// unknown (a data descriptor follows it) or points past the end ends where the next header starts. The walk goes
    /// forward only, so it reads the archive once.</summary>
    /// <param name="zip">The bytes.</param>
    /// <param name="max">The most entries returned.</param>
    /// <returns>The entries found.</returns>
    public static List<LocalEntry> LocalEntries(ReadOnlySpan<byte> zip, int max)
    {
        var entries = new List<LocalEntry>();
        var found = zip.IndexOf("PK\u0003\u0004"u8);
        var at = found;
        while (at >= 0 && entries.Count < max && at + LocalHeaderLength <= zip.Length)
        {
            var header = zip[at..];
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[18..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(header[22..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            var nameStart = at + LocalHeaderLength;
            var nameEnd = Math.Min(zip.Length, nameStart + nameLength);
            var extraEnd = Math.Min(zip.Length, nameEnd + extraLength);
            var extra = zip[nameEnd..extraEnd];
            if ((compressed == uint.MaxValue || size == uint.MaxValue) && Zip64Sizes(extra) is { } zip64)
            {
                (size, compressed) = zip64;
            }

            var name = DecodeName(zip[nameStart..nameEnd], (flags & 0x0800) != 0);
            var dataStart = extraEnd;
            var sizeKnown = (flags & 0x0008) == 0 || compressed > 0;
            int dataEnd;
            if (sizeKnown && compressed <= zip.Length - dataStart)
            {
                dataEnd = dataStart + (int)compressed;
            }
            else
            {
                // The data runs to the next header (or the central directory, or the end).
                var next = NextRecord(zip, dataStart);
                dataEnd = next < 0 ? zip.Length : next;
            }

            entries.Add(new LocalEntry(name, UnicodePath(extra), method, (flags & 0x0001) != 0, size, compressed, dataStart, dataEnd - dataStart));
            var following = zip[dataEnd..].IndexOf("PK\u0003\u0004"u8);
            at = following < 0 ? -1 : dataEnd + following;
        }

        return entries;
    }

    private static int NextRecord(ReadOnlySpan<byte> zip, int from)
    {
        var rest = zip[from..];
        var local = rest.IndexOf("PK\u0003\u0004"u8);
        var central = rest.IndexOf("PK\u0001\u0002"u8);
        var next = local < 0 ? central : central < 0 ? local : Math.Min(local, central);
        return next < 0 ? -1 : from + next;
    }

    /// <summary>Returns the name an Info-ZIP Unicode Path field (version 1: version, CRC-32 of the stored name, UTF-8
    /// name) gives, or <see langword="null"/>.</summary>
    private static string? UnicodePath(ReadOnlySpan<byte> extra)
    {
        foreach (var (id, data) in Fields(extra))
        {
            if (id == UnicodePathField && data.Length > 5 && data[0] == 1)
            {
                return Encoding.UTF8.GetString(data[5..]);
            }
        }

        return null;
    }

    private static (long Size, long Compressed)? Zip64Sizes(ReadOnlySpan<byte> extra)
    {
        foreach (var (id, data) in Fields(extra))
        {
            if (id == Zip64Field && data.Length >= 16)
            {
                return ((long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(data), long.MaxValue), (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(8)), long.MaxValue));
            }
        }

        return null;
    }

    private static List<(ushort Id, byte[] Data)> Fields(ReadOnlySpan<byte> extra)
    {
        var fields = new List<(ushort, byte[])>();
        var at = 0;
        while (at + 4 <= extra.Length)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra[at..]);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(extra[(at + 2)..]);
            var end = Math.Min(extra.Length, at + 4 + length);
            fields.Add((id, extra[(at + 4)..end].ToArray()));
            at = end;
        }

        return fields;
    }

    /// <summary>Decodes a stored name: UTF-8 when the entry says so (bit 11), otherwise code page 437 as the ZIP
    /// specification says, read here as Latin-1 (their printable ASCII is the same, which is what the checks read).</summary>
    private static string DecodeName(ReadOnlySpan<byte> name, bool utf8) => utf8 ? Encoding.UTF8.GetString(name) : Encoding.Latin1.GetString(name);
}

/// <summary>An entry found by its local file header.</summary>
/// <param name="Name">The stored name.</param>
/// <param name="UnicodeName">The name its Unicode Path field gives, if any.</param>
/// <param name="Method">The compression method (0 stored, 8 deflated; others are not read).</param>
/// <param name="IsEncrypted">Whether the entry is encrypted.</param>
/// <param name="Size">The uncompressed size the header declares.</param>
/// <param name="CompressedSize">The compressed size the header declares.</param>
/// <param name="DataStart">Where the entry's data starts.</param>
/// <param name="DataLength">How many bytes of data there are, as far as the walk could tell.</param>
internal sealed record LocalEntry(string Name, string? UnicodeName, int Method, bool IsEncrypted, long Size, long CompressedSize, int DataStart, int DataLength);
