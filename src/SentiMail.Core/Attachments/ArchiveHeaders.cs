using System.Buffers.Binary;
using System.Text;

namespace SentiMail.Attachments;

/// <summary>
/// Reads what the headers of archives that are not unpacked say in plain bytes: the names of the files in a CAB or a RAR
/// archive (whose content would need a decoder that is not shipped), and the original name a gzip stream records
/// (<c>FNAME</c>). Every reader goes forward through the bytes once and stops at the first header that does not fit.
/// </summary>
internal static class ArchiveHeaders
{
    private static readonly byte[] s_rar4 = [(byte)'R', (byte)'a', (byte)'r', (byte)'!', 0x1A, 0x07, 0x00];
    private static readonly byte[] s_rar5 = [(byte)'R', (byte)'a', (byte)'r', (byte)'!', 0x1A, 0x07, 0x01, 0x00];

    /// <summary>Returns the original file name a gzip stream's header records (<c>FNAME</c>), or <see langword="null"/>.</summary>
    /// <param name="gzip">The stream's bytes.</param>
    /// <returns>The name.</returns>
    public static string? GzipName(ReadOnlySpan<byte> gzip)
    {
        const byte Extra = 0x04, Name = 0x08;
        if (gzip.Length < 10 || gzip[0] != 0x1F || gzip[1] != 0x8B || (gzip[3] & Name) == 0)
        {
            return null;
        }

        var at = 10;
        if ((gzip[3] & Extra) != 0)
        {
            if (at + 2 > gzip.Length)
            {
                return null;
            }

            at += 2 + BinaryPrimitives.ReadUInt16LittleEndian(gzip[at..]);
        }

        if (at >= gzip.Length)
        {
            return null;
        }

        var rest = gzip[at..Math.Min(gzip.Length, at + 1024)];
        var end = rest.IndexOf((byte)0);
        return end <= 0 ? null : Encoding.Latin1.GetString(rest[..end]);
    }

    /// <summary>Lists the files of a CAB archive by their <c>CFFILE</c> records.</summary>
    /// <param name="cab">The archive's bytes.</param>
    /// <param name="max">The most names returned.</param>
    /// <returns>The files (name and size); empty when the header does not fit.</returns>
    public static List<(string Name, long Size)> CabFiles(ReadOnlySpan<byte> cab, int max)
    {
        var files = new List<(string, long)>();
        if (cab.Length < 36 || !cab.StartsWith("MSCF"u8))
        {
            return files;
        }

        var at = BinaryPrimitives.ReadUInt32LittleEndian(cab[16..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(cab[28..]);
        for (var i = 0; i < count && files.Count < max && at + 16 < cab.Length; i++)
        {
            var record = cab[(int)at..];
            var size = BinaryPrimitives.ReadUInt32LittleEndian(record);
            var attributes = BinaryPrimitives.ReadUInt16LittleEndian(record[14..]);
            var name = record[16..Math.Min(record.Length, 16 + 257)];
            var end = name.IndexOf((byte)0);
            if (end < 0)
            {
                break;
            }

            // Attribute 0x80: the name is UTF-8; otherwise it is in the system's code page, read here as Latin-1.
            files.Add(((attributes & 0x80) != 0 ? Encoding.UTF8.GetString(name[..end]) : Encoding.Latin1.GetString(name[..end]), size));
            at += 16 + (uint)end + 1;
        }

        return files;
    }

    /// <summary>Lists the files of a RAR archive (format 4 or 5) by their file headers.</summary>
    /// <param name="rar">The archive's bytes.</param>
    /// <param name="max">The most names returned.</param>
    /// <returns>The files, and whether the headers themselves are encrypted (then no name can be read).</returns>
    public static (List<RarFile> Files, bool HeadersEncrypted) RarFiles(ReadOnlySpan<byte> rar, int max)
    {
        if (rar.StartsWith(s_rar5))
        {
            return Rar5(rar, max);
        }

        return rar.StartsWith(s_rar4) ? Rar4(rar, max) : ([], false);
    }

    private static (List<RarFile>, bool) Rar4(ReadOnlySpan<byte> rar, int max)
    {
        const byte MainHeader = 0x73, FileHeader = 0x74, EndHeader = 0x7B;
        var files = new List<RarFile>();
        long at = s_rar4.Length;
        while (files.Count < max && at + 7 <= rar.Length)
        {
            var block = rar[(int)at..];
            var type = block[2];
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(block[3..]);
            var headerSize = BinaryPrimitives.ReadUInt16LittleEndian(block[5..]);
            if (headerSize < 7 || type == EndHeader)
            {
                break;
            }

            long added = (flags & 0x8000) != 0 && block.Length >= 11 ? BinaryPrimitives.ReadUInt32LittleEndian(block[7..]) : 0;
            if (type == MainHeader && (flags & 0x0080) != 0)
            {
                return (files, true);
            }

            if (type == FileHeader && block.Length >= 32 && headerSize <= block.Length)
            {
                var size = (long)BinaryPrimitives.ReadUInt32LittleEndian(block[11..]);
                var nameSize = BinaryPrimitives.ReadUInt16LittleEndian(block[26..]);
                var nameStart = 32;
                if ((flags & 0x0100) != 0 && block.Length >= 40)
                {
                    added |= (long)BinaryPrimitives.ReadUInt32LittleEndian(block[32..]) << 32;
                    size |= (long)BinaryPrimitives.ReadUInt32LittleEndian(block[36..]) << 32;
                    nameStart = 40;
                }

                var name = block[nameStart..Math.Min(block.Length, nameStart + nameSize)];

                // A Unicode name is stored after the ASCII one and a NUL, in RAR's own encoding: the ASCII one is read.
                var nul = name.IndexOf((byte)0);
                var text = (flags & 0x0200) != 0 && nul < 0 ? Encoding.UTF8.GetString(name) : Encoding.Latin1.GetString(nul < 0 ? name : name[..nul]);
                var directory = (flags & 0x00E0) == 0x00E0;
                if (!directory)
                {
                    files.Add(new RarFile(text.Replace('\\', '/'), size, (flags & 0x0004) != 0));
                }
            }

            at += headerSize + added;
        }

        return (files, false);
    }

    private static (List<RarFile>, bool) Rar5(ReadOnlySpan<byte> rar, int max)
    {
        const ulong FileHeader = 2, EncryptionHeader = 4, EndHeader = 5;
        var files = new List<RarFile>();
        long at = s_rar5.Length;
        while (files.Count < max && at + 4 < rar.Length)
        {
            var block = rar[(int)at..];
            var p = 4;
            if (!VInt(block, ref p, out var headerSize) || headerSize == 0 || headerSize > (ulong)(block.Length - p))
            {
                break;
            }

            var headerEnd = p + (int)headerSize;
            var header = block[..headerEnd];
            if (!VInt(header, ref p, out var type) || !VInt(header, ref p, out var flags))
            {
                break;
            }

            ulong extraSize = 0, dataSize = 0;
            if (((flags & 1) != 0 && !VInt(header, ref p, out extraSize)) || ((flags & 2) != 0 && !VInt(header, ref p, out dataSize)))
            {
                break;
            }

            if (type == EncryptionHeader)
            {
                return (files, true);
            }

            if (type == EndHeader)
            {
                break;
            }

            if (type == FileHeader && ReadRar5File(header, p, extraSize) is { } file)
            {
                files.Add(file);
            }

            if (dataSize > (ulong)(rar.Length - at))
            {
                break;
            }

            at += headerEnd + (long)dataSize;
        }

        return (files, false);
    }

    private static RarFile? ReadRar5File(ReadOnlySpan<byte> header, int p, ulong extraSize)
    {
        if (!VInt(header, ref p, out var fileFlags) || !VInt(header, ref p, out var size) || !VInt(header, ref p, out _))
        {
            return null;
        }

        // The modification time and data CRC when present, then the compression information and host system.
        p += ((fileFlags & 2) != 0 ? 4 : 0) + ((fileFlags & 4) != 0 ? 4 : 0);
        for (var skipped = 0; skipped < 2; skipped++)
        {
            if (!VInt(header, ref p, out _))
            {
                return null;
            }
        }

        if (!VInt(header, ref p, out var nameLength) || nameLength > (ulong)(header.Length - p))
        {
            return null;
        }

        var name = Encoding.UTF8.GetString(header.Slice(p, (int)nameLength));

        // The extra area ends the header; a record of type 1 says the file is encrypted.
        var encrypted = false;
        var extra = extraSize <= (ulong)header.Length ? header[(header.Length - (int)extraSize)..] : [];
        var e = 0;
        while (e < extra.Length && VInt(extra, ref e, out var recordSize) && recordSize <= (ulong)(extra.Length - e))
        {
            var record = e;
            if (VInt(extra, ref record, out var recordType) && recordType == 1)
            {
                encrypted = true;
            }

            e += (int)recordSize;
        }

        return (fileFlags & 1) != 0 ? null : new RarFile(name, (long)Math.Min(size, long.MaxValue), encrypted);
    }

    /// <summary>Reads a RAR 5 variable-length integer (7 bits a byte, low first, at most 10 bytes).</summary>
    private static bool VInt(ReadOnlySpan<byte> data, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70 && at < data.Length; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << Math.Min(shift, 63);
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A file named in a RAR archive's headers.</summary>
/// <param name="Name">Its name, with forward slashes.</param>
/// <param name="Size">Its unpacked size.</param>
/// <param name="IsEncrypted">Whether its data is encrypted.</param>
internal sealed record RarFile(string Name, long Size, bool IsEncrypted);
