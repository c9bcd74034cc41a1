using System.Buffers.Binary;
using System.Text;

namespace SentiMail.Tests.TestSupport;

/// <summary>Office Open XML and RTF documents built in code, with the OLE objects, packages and relationships that the
/// attachment checks look for: remote templates, Follina links, Equation Editor objects, embedded programs.</summary>
internal static class TestOfficeFiles
{
    public const string TemplateType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate";
    public const string OleObjectType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject";
    public const string HyperlinkType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
    public const string FrameType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/frame";

    /// <summary>The Equation Editor 3.0's class identifier as a compound file stores it.</summary>
    public static readonly byte[] EquationClsid = [0x02, 0xCE, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

    /// <summary>The URL moniker's class identifier as stored.</summary>
    public static readonly byte[] UrlMonikerClsid = [0xE0, 0xC9, 0xEA, 0x79, 0xF9, 0xBA, 0xCE, 0x11, 0x8C, 0x82, 0x00, 0xAA, 0x00, 0x4B, 0xA9, 0x0B];

    /// <summary>A word-processing document whose settings part has this relationship (a template, say), with the
    /// parts a genuine .docx has.</summary>
    /// <param name="relationship">The relationship element(s) of <c>word/_rels/settings.xml.rels</c>.</param>
    /// <param name="extra">More parts.</param>
    public static byte[] Docx(string relationship, params (string Name, byte[] Content)[] extra)
    {
        var types = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"bin\" ContentType=\"application/vnd.openxmlformats-officedocument.oleObject\"/>"
            + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
            + "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/></Types>";
        var rootRels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
        var settingsRels = $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{relationship}</Relationships>";
        return TestFiles.Zip([
            ("[Content_Types].xml", Encoding.UTF8.GetBytes(types)),
            ("_rels/.rels", Encoding.UTF8.GetBytes(rootRels)),
            ("word/document.xml", "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Purchase order 4471</w:t></w:r></w:p></w:body></w:document>"u8.ToArray()),
            ("word/settings.xml", "<?xml version=\"1.0\"?><w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:attachedTemplate r:id=\"rId1\"/></w:settings>"u8.ToArray()),
            ("word/_rels/settings.xml.rels", Encoding.UTF8.GetBytes(settingsRels)),
            .. extra,
        ]);
    }

    /// <summary>A relationship element.</summary>
    public static string Relationship(string type, string target, bool external) =>
        $"<Relationship Id=\"rId1\" Type=\"{type}\" Target=\"{target}\"{(external ? " TargetMode=\"External\"" : string.Empty)}/>";

    /// <summary>A word-processing document with an OLE object part (<c>word/embeddings/oleObject1.bin</c>) that
    /// packages a file of this name.</summary>
    public static byte[] DocxWithPackage(string fileName) => Docx(
        Relationship(TemplateType, "Normal.dotm", external: false),
        ("word/embeddings/oleObject1.bin", PackageCompoundFile(fileName)));

    /// <summary>A legacy Office document (a compound file with an <c>\x01Ole10Native</c> directory entry) whose data
    /// holds these bytes one after the other: <see cref="Ole10NativeStream"/> streams, decoys.</summary>
    /// <param name="payloads">The bytes, in order.</param>
    public static byte[] CompoundFileHolding(params byte[][] payloads)
    {
        var output = new MemoryStream();
        var head = new byte[2048];
        TestFiles.OleDocument("Root Entry").CopyTo(head, 0);
        Encoding.Unicode.GetBytes("\u0001Ole10Native").CopyTo(head.AsSpan(1024 + 128));
        output.Write(head);
        foreach (var payload in payloads)
        {
            output.Write(payload);
        }

        output.Write(new byte[512]);
        return output.ToArray();
    }

    /// <summary>An <c>\x01Ole10Native</c> stream packaging a file of this name: its length, then
    /// <see cref="PackageNative"/>.</summary>
    /// <param name="fileName">The packaged file's name.</param>
    public static byte[] Ole10NativeStream(string fileName)
    {
        var native = PackageNative(fileName);
        var bytes = new byte[4 + native.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)native.Length);
        native.CopyTo(bytes, 4);
        return bytes;
    }

    /// <summary>Runs of bytes that look like a package header's type field after a NUL (<c>00 00 00 03 00</c>), but
    /// fail its other checks: decoys put before a real header.</summary>
    /// <param name="count">How many.</param>
    public static byte[] PackageHeaderDecoys(int count)
    {
        var bytes = new byte[5 * count];
        for (var i = 0; i < count; i++)
        {
            bytes[(i * 5) + 3] = 3;
        }

        return bytes;
    }

    /// <summary>The native data of an OLE Package carrying a file of this name (header, label, original path, type,
    /// temporary path, data).</summary>
    public static byte[] PackageNative(string fileName, byte[]? content = null)
    {
        content ??= "MZ stand-in for a program"u8.ToArray();
        var output = new MemoryStream();
        var writer = new BinaryWriter(output, Encoding.Latin1);
        writer.Write((ushort)2);
        writer.Write(Encoding.Latin1.GetBytes(fileName + "\0"));
        writer.Write(Encoding.Latin1.GetBytes($"C:\\Users\\mallory\\Desktop\\{fileName}\0"));
        writer.Write(0x00030000u);
        var tempPath = Encoding.Latin1.GetBytes($"C:\\Users\\mallory\\AppData\\Local\\Temp\\{fileName}\0");
        writer.Write((uint)tempPath.Length);
        writer.Write(tempPath);
        writer.Write((uint)content.Length);
        writer.Write(content);
        return output.ToArray();
    }

    /// <summary>A compound file (as <see cref="TestFiles.OleDocument"/> builds one) whose directory names an
    /// <c>\x01Ole10Native</c> stream and whose sector at 2048 holds the package's stream (size, then the package).</summary>
    public static byte[] PackageCompoundFile(string fileName)
    {
        var native = PackageNative(fileName);
        var bytes = new byte[2048 + 4 + native.Length + 512];
        TestFiles.OleDocument("Root Entry").CopyTo(bytes, 0);
        Encoding.Unicode.GetBytes("\u0001Ole10Native").CopyTo(bytes.AsSpan(1024 + 128));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(2048), (uint)native.Length);
        native.CopyTo(bytes, 2052);
        return bytes;
    }

    /// <summary>An OLE 1.0 embedded object as RTF's <c>\objdata</c> holds it: version, format (2: embedded), class
    /// name, empty topic and item, then the native data.</summary>
    public static byte[] Ole1Object(string className, byte[] native)
    {
        var output = new MemoryStream();
        var writer = new BinaryWriter(output, Encoding.Latin1);
        writer.Write(0x00000501u);
        writer.Write(2u);
        var name = Encoding.Latin1.GetBytes(className + "\0");
        writer.Write((uint)name.Length);
        writer.Write(name);
        writer.Write(0u);
        writer.Write(0u);
        writer.Write((uint)native.Length);
        writer.Write(native);
        return output.ToArray();
    }

    /// <summary>A compound file whose root entry has this class identifier (at 1024 + 0x50), and a stream named
    /// <paramref name="streamName"/>: what an Equation Editor object's native data is.</summary>
    public static byte[] CompoundFileWithClass(byte[] clsid, string streamName)
    {
        var bytes = TestFiles.OleDocument("Root Entry");
        clsid.CopyTo(bytes, 1024 + 0x50);
        Encoding.Unicode.GetBytes(streamName).CopyTo(bytes.AsSpan(1024 + 128));
        return bytes;
    }

    /// <summary>An RTF document with this body after the header.</summary>
    public static byte[] Rtf(string body) =>
        Encoding.Latin1.GetBytes("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}\r\n\\pard\\plain Purchase order 4471\\par\r\n" + body + "\r\n}");

    /// <summary>An RTF object group: <c>{\object\objemb{\*\objclass class}{\*\objdata hex}}</c>.</summary>
    /// <param name="className">The declared class, or <see langword="null"/> for none.</param>
    /// <param name="data">The object data.</param>
    /// <param name="flags">Control words after <c>\object</c> (<c>\objupdate</c>...).</param>
    public static string RtfObject(string? className, byte[] data, string flags = "\\objemb") =>
        $"{{\\object{flags}\\objw2000\\objh600{(className is null ? string.Empty : $"{{\\*\\objclass {className}}}")}{{\\*\\objdata {Hex(data, 64)}}}{{\\result {{\\pict\\wmetafile8 0100}}}}}}";

    /// <summary>An RTF picture group (a PNG's first bytes in hex), as documents with images hold.</summary>
    public static string RtfPicture() =>
        "{\\pict\\pngblip\\picw10\\pich10\\picwgoal150\\pichgoal150 89504e470d0a1a0a0000000d4948445200000001000000010806000000\r\n1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082}";

    /// <summary>Hex digits of <paramref name="data"/>, a line break every <paramref name="perLine"/> bytes.</summary>
    public static string Hex(byte[] data, int perLine)
    {
        var text = new StringBuilder();
        for (var i = 0; i < data.Length; i++)
        {
            text.Append(data[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            if (perLine > 0 && i % perLine == perLine - 1)
            {
                text.Append("\r\n");
            }
        }

        return text.ToString();
    }
}
