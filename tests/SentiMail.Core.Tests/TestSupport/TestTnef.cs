using System.Buffers.Binary;
using System.Text;

namespace SentiMail.Tests.TestSupport;

/// <summary>Writes TNEF data (winmail.dat) as Outlook does, attribute by attribute: a level byte, a tag (id and type),
/// a length, the value and a checksum.</summary>
internal static class TestTnef
{
    private const byte MessageLevel = 1;
    private const byte AttachmentLevel = 2;

    /// <summary>TNEF data holding these files, and a plain-text body when <paramref name="body"/> is given.</summary>
    public static byte[] Build(string? body = null, params (string Name, byte[] Content)[] files)
    {
        using var output = new MemoryStream();
        Span<byte> header = stackalloc byte[6];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x223E9F78);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 1);
        output.Write(header);
        Attribute(output, MessageLevel, 0x9006, 8, [0, 0, 1, 0]);
        Attribute(output, MessageLevel, 0x9007, 6, [0xE4, 0x04, 0, 0, 0, 0, 0, 0]);
        Attribute(output, MessageLevel, 0x8008, 7, Encoding.ASCII.GetBytes("IPM.Microsoft Mail.Note\0"));
        if (body is not null)
        {
            Attribute(output, MessageLevel, 0x800C, 2, Encoding.ASCII.GetBytes(body + "\0"));
        }

        foreach (var (name, content) in files)
        {
            File(output, name, content);
        }

        return output.ToArray();
    }

    /// <summary>Writes one attached file: its rendering data, its title and its data.</summary>
    public static void File(Stream output, string name, byte[] content)
    {
        Attribute(output, AttachmentLevel, 0x9002, 6, [1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0]);
        Attribute(output, AttachmentLevel, 0x8010, 1, Encoding.ASCII.GetBytes(name + "\0"));
        Attribute(output, AttachmentLevel, 0x800F, 6, content);
    }

    /// <summary>Writes one attribute; <paramref name="declaredLength"/> may lie about the value's length.</summary>
    public static void Attribute(Stream output, byte level, ushort id, ushort type, byte[] value, uint? declaredLength = null)
    {
        Span<byte> head = stackalloc byte[9];
        head[0] = level;
        BinaryPrimitives.WriteUInt32LittleEndian(head[1..], ((uint)type << 16) | id);
        BinaryPrimitives.WriteUInt32LittleEndian(head[5..], declaredLength ?? (uint)value.Length);
        output.Write(head);
        output.Write(value);
        var sum = 0;
        foreach (var b in value)
        {
            sum += b;
        }

        Span<byte> checksum = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(checksum, (ushort)sum);
        output.Write(checksum);
    }
}
