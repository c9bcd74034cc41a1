using System.Buffers.Binary;
using System.Text;

namespace SentiMail.Attachments;

/// <summary>Finds a file's true type from its first bytes (and, for ZIP and ISO, a few known offsets; for a ZIP archive
/// behind other bytes, its end-of-central-directory record near the end).</summary>
public static class FileTypeSniffer
{
    private static readonly byte[] s_ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] s_lnk = [0x4C, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00];

    /// <summary>Sniffs the type of <paramref name="content"/>.</summary>
    /// <param name="content">The file's bytes (the whole file, or at least its first 64 KiB).</param>
    /// <returns>The true type, or <see cref="FileKind.Unknown"/>.</returns>
    public static FileKind Sniff(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return FileKind.Unknown;
        }

        if (content.StartsWith("MZ"u8))
        {
            return FileKind.WindowsExecutable;
        }

        if (content.StartsWith("\u007FELF"u8))
        {
            return FileKind.ElfExecutable;
        }

        if (IsMachO(content))
        {
            return FileKind.MachOExecutable;
        }

        if (content.StartsWith(s_lnk))
        {
            return FileKind.WindowsShortcut;
        }

        if (content.StartsWith(s_ole))
        {
            return FileKind.OleDocument;
        }

        if (content.StartsWith("PK\u0003\u0004"u8) || content.StartsWith("PK\u0005\u0006"u8))
        {
            return ZipKind(content);
        }

        if (content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8) >= 0)
        {
            return FileKind.Pdf;
        }

        var kind = SniffMore(content);
        if (kind is FileKind.Unknown or FileKind.Image && ZipStart(content) is > 0 and var start)
        {
            // Zip readers (unzip, Python, Windows) find an archive from its end: one behind other bytes (a spanning
            // marker, junk, a picture) opens just the same, so it is typed and listed as one. When the bytes before it
            // are of a type of their own (a page, a script), that is what opens, and what must be checked.
            var head = SniffMore(content[..start]);
            return head is FileKind.Unknown or FileKind.Image or FileKind.Text ? ZipKind(content) : head;
        }

        return kind;
    }

    private static FileKind ZipKind(ReadOnlySpan<byte> content) =>
        content.IndexOf("[Content_Types].xml"u8) >= 0 ? FileKind.OfficeOpenXml : FileKind.Zip;

    /// <summary>
    /// Finds a ZIP archive from its end, as zip readers do: the last end-of-central-directory record (<c>PK\5\6</c>) in
    /// the last 64 KiB + 22 bytes whose central directory (<c>PK\1\2</c>) lies where the record says, right before
    /// it. Bytes that merely contain <c>PK\5\6</c> do not pass.
    /// </summary>
    /// <param name="content">The whole file.</param>
    /// <returns>Where the archive starts (0 for a plain archive, more when other bytes come first), or -1.</returns>
    internal static int ZipStart(ReadOnlySpan<byte> content) => ZipEnd(content).Start;

    /// <summary>Finds a ZIP archive from its end, as <see cref="ZipStart"/> does.</summary>
    /// <param name="content">The whole file.</param>
    /// <returns>Where the archive starts and where its end-of-central-directory record is (-1 for a ZIP64 archive,
    /// whose record is found through its locator), or (-1, -1).</returns>
    internal static (int Start, int Record) ZipEnd(ReadOnlySpan<byte> content)
    {
        const int RecordLength = 22;
        const int Zip64LocatorLength = 20;
        var windowStart = Math.Max(0, content.Length - (ushort.MaxValue + RecordLength));
        var window = content[windowStart..];
        for (var at = window.LastIndexOf("PK\u0005\u0006"u8); at >= 0; at = window[..at].LastIndexOf("PK\u0005\u0006"u8))
        {
            var record = windowStart + at;
            if (record + RecordLength > content.Length)
            {
                continue;
            }

            var entries = BinaryPrimitives.ReadUInt16LittleEndian(content[(record + 10)..]);
            var directorySize = BinaryPrimitives.ReadUInt32LittleEndian(content[(record + 12)..]);
            var directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(content[(record + 16)..]);
            if (entries == ushort.MaxValue || directorySize == uint.MaxValue || directoryOffset == uint.MaxValue)
            {
                // ZIP64: the sizes are in a ZIP64 record, which a locator right before this one points to.
                if (record >= Zip64LocatorLength && content[(record - Zip64LocatorLength)..].StartsWith("PK\u0006\u0007"u8))
                {
                    return (0, -1);
                }

                continue;
            }

            var directory = record - (long)directorySize;
            var start = directory - directoryOffset;
            if (entries > 0 && directory >= 0 && start >= 0 && content[(int)directory..].StartsWith("PK\u0001\u0002"u8))
            {
                return ((int)start, record);
            }
        }

        return (-1, -1);
    }

    private static FileKind SniffMore(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("{\\rt"u8))
        {
            return FileKind.Rtf;
        }

        if (content.StartsWith("Rar!"u8))
        {
            return FileKind.Rar;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C]))
        {
            return FileKind.SevenZip;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return FileKind.Gzip;
        }

        if (content.StartsWith("MSCF"u8))
        {
            return FileKind.Cab;
        }

        if (TarWalker.IsTar(content))
        {
            return FileKind.Tar;
        }

        if (IsDiskImage(content))
        {
            return FileKind.DiskImage;
        }

        if (IsImage(content))
        {
            return FileKind.Image;
        }

        return SniffText(content);
    }

    /// <summary>Returns the type a file has when a mail client opens it: text, an email header or content of no known
    /// type, under a web-page name (<c>.htm</c>, <c>.html</c>, <c>.shtml</c>, <c>.xhtml</c>, <c>.xht</c>, <c>.mht</c>...)
    /// or declared as <c>text/html</c> or <c>application/xhtml+xml</c> (<see cref="FileNames.IsWebPage"/>), opens in the
    /// browser as a page, whatever its first bytes show (a long title can push every tag past them, a line such as
    /// <c>x-note: from: ...</c> makes them look like a header). A type found from the content (a program, an archive, a
    /// PDF, an image...) stays what it is; the attachment checks still read such a file as a page too.</summary>
    /// <param name="sniffed">The type sniffed from the content.</param>
    /// <param name="fileName">The declared file name, or an empty string.</param>
    /// <param name="declaredContentType">The declared MIME type, lowercase.</param>
    /// <returns>The type as opened.</returns>
    public static FileKind AsOpened(FileKind sniffed, string fileName, string declaredContentType)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(declaredContentType);
        if (sniffed is not (FileKind.Text or FileKind.Unknown or FileKind.Email))
        {
            return sniffed;
        }

        return FileNames.IsWebPage(fileName, declaredContentType) ? FileKind.Html : sniffed;
    }

    /// <summary>Tells whether content is a Unix interpreter script: it starts with <c>#!</c> (after a byte-order mark
    /// and blank space). Such a script runs only once saved, made executable and started from a shell; mail clients
    /// do not run it when it is opened.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <returns><see langword="true"/> for a shebang script.</returns>
    public static bool IsShebangScript(ReadOnlySpan<byte> content)
    {
        var head = content[..Math.Min(content.Length, 1024)];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        return head.TrimStart(" \t\r\n"u8).StartsWith("#!"u8) && !head.Contains((byte)0);
    }

    private static FileKind SniffText(ReadOnlySpan<byte> content)
    {
        var head = content[..Math.Min(content.Length, 1024)];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        if (head.Contains((byte)0))
        {
            return FileKind.Unknown;
        }

        head = head.TrimStart(" \t\r\n"u8);
        if (head.StartsWith("#!"u8))
        {
            return FileKind.Script;
        }

        var text = Encoding.Latin1.GetString(head);
        if (StartsWithAny(text, "@echo", "<job", "<package", "<script", "<hta:application", "set-executionpolicy", "powershell", "wscript.", "createobject(") ||
            ContainsAny(text, "<hta:application", "wscript.shell", "createobject(\"wscript", "-encodedcommand"))
        {
            return FileKind.Script;
        }

        if (StartsWithAny(text, "<!doctype html", "<html", "<head", "<body", "<meta", "<form", "<div", "<table", "<!--") ||
            ContainsAny(text, "<html", "<body", "<form", "<iframe"))
        {
            return FileKind.Html;
        }

        if (StartsWithAny(text, "received:", "return-path:", "from:", "mime-version:", "delivered-to:", "message-id:", "date:", "subject:", "x-"))
        {
            return text.Contains(':', StringComparison.Ordinal) && text.Contains('\n', StringComparison.Ordinal) && ContainsAny(text, "\nfrom:", "\nsubject:", "\nto:", "from:") ? FileKind.Email : FileKind.Text;
        }

        foreach (var b in head)
        {
            if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B))
            {
                return FileKind.Unknown;
            }
        }

        return FileKind.Text;
    }

    private static bool StartsWithAny(string text, params ReadOnlySpan<string> prefixes)
    {
        foreach (var p in prefixes)
        {
            if (text.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsAny(string text, params ReadOnlySpan<string> needles)
    {
        foreach (var n in needles)
        {
            if (text.Contains(n, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsMachO(ReadOnlySpan<byte> c) =>
        c.Length >= 4 && (
            c.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCE]) || c.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCF]) ||
            c.StartsWith((ReadOnlySpan<byte>)[0xCE, 0xFA, 0xED, 0xFE]) || c.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE]) ||
            (c.StartsWith((ReadOnlySpan<byte>)[0xCA, 0xFE, 0xBA, 0xBE]) && c.Length >= 8 && c[7] is > 0 and < 20));

    private static bool IsDiskImage(ReadOnlySpan<byte> c)
    {
        // ISO 9660 / UDF volume descriptors start at sector 16 (offset 0x8000); the identifier follows one type byte.
        const int Offset = 0x8001;
        if (c.Length >= Offset + 5)
        {
            var id = c.Slice(Offset, 5);
            if (id.SequenceEqual("CD001"u8) || id.SequenceEqual("BEA01"u8) || id.SequenceEqual("NSR02"u8) || id.SequenceEqual("NSR03"u8))
            {
                return true;
            }
        }

        // Apple disk images end with a "koly" trailer; VHD files start with "conectix"; VHDX with "vhdxfile".
        return c.StartsWith("conectix"u8) || c.StartsWith("vhdxfile"u8) || (c.Length >= 512 && c[^512..].StartsWith("koly"u8));
    }

    private static bool IsImage(ReadOnlySpan<byte> c) =>
        c.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) || c.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || c.StartsWith("GIF8"u8) ||
        (c.Length >= 26 && c.StartsWith("BM"u8) && c.Slice(6, 4).SequenceEqual("\0\0\0\0"u8)) || (c.Length >= 12 && c.StartsWith("RIFF"u8) && c.Slice(8, 4).SequenceEqual("WEBP"u8)) ||
        c.StartsWith("II*\0"u8) || c.StartsWith("MM\0*"u8);
}
