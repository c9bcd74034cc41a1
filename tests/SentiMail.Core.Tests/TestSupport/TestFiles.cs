using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SentiMail.Tests.TestSupport;

/// <summary>Inert files with the structure that the attachment checks look for: executables, archives, Office
/// documents, PDFs and disk images. None of them can run.</summary>
internal static class TestFiles
{
    private const int PeHeaderOffset = 0x80;

    /// <summary>A Windows PE stub: <c>MZ</c>, <c>e_lfanew</c> = 0x80 and <c>PE\0\0</c> there, then padding.</summary>
    public static byte[] WindowsExecutable()
    {
        var bytes = new byte[512];
        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(0x3C), PeHeaderOffset);
        "PE\0\0"u8.CopyTo(bytes.AsSpan(PeHeaderOffset));
        return bytes;
    }

    /// <summary>Plain ASCII text.</summary>
    public static byte[] PlainText(string text = "Agenda: budget, planning, questions.\n") => Encoding.ASCII.GetBytes(text);

    /// <summary>A ZIP archive holding these entries, deflated.</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return output.ToArray();
    }

    /// <summary>A ZIP archive whose entries are all marked encrypted: bit 0 of the general-purpose flag is set in every
    /// local file header and every central directory header (the content itself is left as it was).</summary>
    public static byte[] EncryptedZip(params (string Name, byte[] Content)[] entries)
    {
        var zip = Zip(entries);
        var patched = 0;
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            var span = zip.AsSpan(i);
            if (span.StartsWith("PK\u0003\u0004"u8))
            {
                zip[i + 6] |= 0x01;
                patched++;
            }
            else if (span.StartsWith("PK\u0001\u0002"u8))
            {
                zip[i + 8] |= 0x01;
                patched++;
            }
        }

        if (patched != entries.Length * 2)
        {
            throw new InvalidOperationException($"Patched {patched} headers, expected {entries.Length * 2}.");
        }

        return zip;
    }

    /// <summary>A ZIP archive with one entry of <paramref name="zeroBytes"/> zeros, written in 1 MiB chunks.</summary>
    public static byte[] ZerosZip(string entryName, long zeroBytes)
    {
        var chunk = new byte[1024 * 1024];
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(entryName, CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            for (var left = zeroBytes; left > 0; left -= chunk.Length)
            {
                stream.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
            }
        }

        return output.ToArray();
    }

    /// <summary>An Office Open XML word-processing document; with <paramref name="withMacros"/>, a macro-enabled one
    /// holding <c>word/vbaProject.bin</c>; with <paramref name="macroEnabled"/> alone, one whose content types say it
    /// is macro-enabled, without macros.</summary>
    public static byte[] WordDocument(bool withMacros, bool macroEnabled = false)
    {
        var contentTypes = withMacros || macroEnabled
            ? "application/vnd.ms-word.document.macroEnabled.main+xml"
            : "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
        var entries = new List<(string, byte[])>
        {
            ("[Content_Types].xml", Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"{contentTypes}\"/></Types>")),
            ("word/document.xml", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Purchase order</w:t></w:r></w:p></w:body></w:document>")),
        };
        if (withMacros)
        {
            entries.Add(("word/vbaProject.bin", OleDocument("_VBA_PROJECT")));
        }

        return Zip([.. entries]);
    }

    /// <summary>An OLE compound file (legacy Office) whose directory names the given stream in UTF-16LE.</summary>
    public static byte[] OleDocument(string streamName)
    {
        var bytes = new byte[2048];
        ((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).CopyTo(bytes);
        Encoding.Unicode.GetBytes(streamName).CopyTo(bytes.AsSpan(1024));
        return bytes;
    }

    /// <summary>A one-page PDF; <paramref name="catalogExtra"/> and <paramref name="extraObject"/> add names to it.</summary>
    public static byte[] Pdf(string catalogExtra = "", string extraObject = "") => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n" +
        $"1 0 obj\n<< /Type /Catalog /Pages 2 0 R {catalogExtra}>>\nendobj\n" +
        "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
        "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n" +
        extraObject +
        "trailer\n<< /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A one-page PDF whose catalog opens object 4, stored with <paramref name="objects"/> in a compressed
    /// object stream (<c>/Type /ObjStm</c>, <c>/FlateDecode</c>), as PDF 1.5 writers store objects.</summary>
    /// <param name="objects">The object stream's content: offsets, then the objects.</param>
    /// <param name="zlib">Whether the stream is zlib-wrapped (as the standard says) or raw deflate (as some writers do).</param>
    public static byte[] PdfWithObjectStream(byte[] objects, bool zlib = true)
    {
        using var compressed = new MemoryStream();
        using (Stream deflate = zlib ? new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true) : new DeflateStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(objects);
        }

        var data = compressed.ToArray();
        return [
            .. Encoding.ASCII.GetBytes(
                "%PDF-1.7\n" +
                "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>\nendobj\n" +
                "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
                "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n" +
                $"5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length {data.Length} /Filter /FlateDecode >>\nstream\r\n"),
            .. data,
            .. "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"u8,
        ];
    }

    /// <summary>An ISO 9660 image: 16 empty sectors, then a primary volume descriptor (<c>CD001</c> at 0x8001).</summary>
    /// <param name="withSignature">Whether to write the <c>CD001</c> identifier (without it, the bytes are only zeros).</param>
    public static byte[] IsoImage(bool withSignature = true)
    {
        var bytes = new byte[0x8000 + 2048];
        if (withSignature)
        {
            bytes[0x8000] = 1;
            "CD001"u8.CopyTo(bytes.AsSpan(0x8001));
            bytes[0x8006] = 1;
        }

        return bytes;
    }
}
