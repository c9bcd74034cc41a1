using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace SentiMail.Tests.TestSupport;

/// <summary>Archives of the kinds the attachment checks list besides plain ZIP: gzip, tar, CAB and RAR headers, and ZIP
/// archives damaged or dressed the ways extractors still accept.</summary>
internal static class TestArchives
{
    /// <summary>A gzip stream of <paramref name="content"/>, recording <paramref name="name"/> (FNAME) when given.</summary>
    public static byte[] Gzip(byte[] content, string? name = null)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        var bytes = output.ToArray();
        if (name is null)
        {
            return bytes;
        }

        // .NET writes no FNAME: set the flag and insert the name after the 10-byte header.
        bytes[3] |= 0x08;
        return [.. bytes.AsSpan(0, 10), .. Encoding.Latin1.GetBytes(name), 0, .. bytes.AsSpan(10)];
    }

    /// <summary>A tar archive (pax format, as System.Formats.Tar writes it) of these files.</summary>
    public static byte[] Tar(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        return output.ToArray();
    }

    /// <summary>A GNU tar archive of these files (long names as <c>L</c> entries).</summary>
    public static byte[] GnuTar(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var tar = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        return output.ToArray();
    }

    /// <summary>A ustar header block for a file of this name declaring <paramref name="sizeField"/> (12 bytes, octal or
    /// base-256), with a valid checksum, and no data after it.</summary>
    public static byte[] TarHeader(string name, byte[] sizeField, char type = '0')
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(header, 0);
        "0000644\0"u8.CopyTo(header.AsSpan(100));
        sizeField.CopyTo(header.AsSpan(124));
        header[156] = (byte)type;
        "ustar\u000000"u8.CopyTo(header.AsSpan(257));
        var sum = 0;
        for (var i = 0; i < 512; i++)
        {
            sum += i is >= 148 and < 156 ? ' ' : header[i];
        }

        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        return header;
    }

    /// <summary>A CAB archive header listing these files (no folder data: only the names are read).</summary>
    public static byte[] Cab(params string[] names)
    {
        const int HeaderLength = 36, FolderLength = 8;
        var files = new MemoryStream();
        foreach (var name in names)
        {
            var record = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(record, 512);
            files.Write(record);
            files.Write(Encoding.ASCII.GetBytes(name));
            files.WriteByte(0);
        }

        var header = new byte[HeaderLength + FolderLength];
        "MSCF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)(header.Length + files.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), (uint)header.Length);
        header[24] = 3;
        header[25] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)names.Length);
        return [.. header, .. files.ToArray()];
    }

    /// <summary>A RAR 4 archive's headers listing these files (each with 16 bytes of stand-in packed data).</summary>
    public static byte[] Rar4(params string[] names)
    {
        var output = new MemoryStream();
        output.Write("Rar!\u001A\u0007\u0000"u8);
        output.Write([0, 0, 0x73, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0]);
        foreach (var name in names)
        {
            var nameBytes = Encoding.ASCII.GetBytes(name);
            var header = new byte[32 + nameBytes.Length];
            header[2] = 0x74;
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(3), 0x8000);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(5), (ushort)header.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(7), 16);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(11), 512);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)nameBytes.Length);
            nameBytes.CopyTo(header, 32);
            output.Write(header);
            output.Write(new byte[16]);
        }

        output.Write([0, 0, 0x7B, 0, 0x40, 7, 0]);
        return output.ToArray();
    }

    /// <summary>A RAR 5 archive's headers listing these files (each with 16 bytes of stand-in packed data); with
    /// <paramref name="encryptedHeaders"/>, an archive encryption header comes first, as <c>rar -hp</c> writes.</summary>
    public static byte[] Rar5(bool encryptedHeaders, params string[] names)
    {
        var output = new MemoryStream();
        output.Write("Rar!\u001A\u0007\u0001\u0000"u8);
        if (encryptedHeaders)
        {
            Block(output, [.. VInt(4), .. VInt(0), .. VInt(0), .. VInt(0), 0x0F, .. new byte[16], .. new byte[12]], 0);
        }

        Block(output, [.. VInt(1), .. VInt(0), .. VInt(0)], 0);
        foreach (var name in names)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            byte[] file = [.. VInt(2), .. VInt(2), .. VInt(16), .. VInt(0), .. VInt(512), .. VInt(0x20), .. VInt(0), .. VInt(0), .. VInt((ulong)nameBytes.Length), .. nameBytes];
            Block(output, file, 16);
        }

        Block(output, [.. VInt(5), .. VInt(0), .. VInt(0)], 0);
        return output.ToArray();
    }

    private static void Block(MemoryStream output, byte[] header, int data)
    {
        output.Write(new byte[4]);
        output.Write(VInt((ulong)header.Length));
        output.Write(header);
        output.Write(new byte[data]);
    }

    private static byte[] VInt(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value > 0 ? (byte)(b | 0x80) : b);
        }
        while (value > 0);
        return [.. bytes];
    }

    /// <summary>A ZIP archive of one stored entry named <paramref name="storedName"/> whose Info-ZIP Unicode Path field
    /// (0x7075, in the local and central headers) names it <paramref name="unicodeName"/>.</summary>
    public static byte[] ZipWithUnicodePath(string storedName, string unicodeName, byte[] content)
    {
        var stored = Encoding.ASCII.GetBytes(storedName);
        byte[] field = [1, .. BitConverter.GetBytes(Crc32(stored)), .. Encoding.UTF8.GetBytes(unicodeName)];
        byte[] extra = [0x75, 0x70, .. BitConverter.GetBytes((ushort)field.Length), .. field];
        var crc = Crc32(content);
        var local = new MemoryStream();
        local.Write("PK\u0003\u0004"u8);
        Write16(local, 20, 0, 0, 0, 0);
        Write32(local, crc, (uint)content.Length, (uint)content.Length);
        Write16(local, (ushort)stored.Length, (ushort)extra.Length);
        local.Write(stored);
        local.Write(extra);
        local.Write(content);
        var directoryStart = local.Length;
        local.Write("PK\u0001\u0002"u8);
        Write16(local, 20, 20, 0, 0, 0, 0);
        Write32(local, crc, (uint)content.Length, (uint)content.Length);
        Write16(local, (ushort)stored.Length, (ushort)extra.Length, 0, 0, 0);
        Write32(local, 0, 0);
        local.Write(stored);
        local.Write(extra);
        var directoryLength = local.Length - directoryStart;
        local.Write("PK\u0005\u0006"u8);
        Write16(local, 0, 0, 1, 1);
        Write32(local, (uint)directoryLength, (uint)directoryStart);
        Write16(local, 0);
        return local.ToArray();
    }

    /// <summary>The ways a ZIP archive's end is damaged that 7-Zip and unzip still extract.</summary>
    public static byte[] Damage(byte[] zip, string how)
    {
        var end = zip.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        var damaged = (byte[])zip.Clone();
        switch (how)
        {
            case "appended-70k":
                return [.. zip, .. new byte[70_000]];
            case "wrong-entry-count":
                var count = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10)) + 1);
                BinaryPrimitives.WriteUInt16LittleEndian(damaged.AsSpan(end + 8), count);
                BinaryPrimitives.WriteUInt16LittleEndian(damaged.AsSpan(end + 10), count);
                return damaged;
            case "comment-past-the-end":
                BinaryPrimitives.WriteUInt16LittleEndian(damaged.AsSpan(end + 20), 40);
                return damaged;
            case "no-central-directory":
                return zip[..zip.AsSpan().IndexOf("PK\u0001\u0002"u8)];
            default:
                throw new ArgumentOutOfRangeException(nameof(how));
        }
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static void Write16(Stream stream, params ushort[] values)
    {
        foreach (var value in values)
        {
            stream.Write(BitConverter.GetBytes(value));
        }
    }

    private static void Write32(Stream stream, params uint[] values)
    {
        foreach (var value in values)
        {
            stream.Write(BitConverter.GetBytes(value));
        }
    }
}
