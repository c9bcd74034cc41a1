using System.Buffers.Binary;

namespace SentiMail.Parsing;

/// <summary>
/// Bounds TNEF data (<c>winmail.dat</c>) before MimeKit converts it: TNEF is a flat list of attributes (a level byte,
/// a four-byte tag, a four-byte length, the value and a checksum), and each attached file starts with an
/// <c>attAttachRendData</c> attribute. Cutting the data before the file past the limit keeps MimeKit from building
/// millions of parts out of a small hostile file.
/// </summary>
internal static class TnefFiles
{
    /// <summary>The TNEF signature, 0x223E9F78 little-endian.</summary>
    public static ReadOnlySpan<byte> Signature => [0x78, 0x9F, 0x3E, 0x22];

    private const int HeaderLength = 6; // signature and legacy key
    private const int AttributeOverhead = 1 + 4 + 4 + 2;
    private const ushort AttachRenderData = 0x9002;

    /// <summary>Tells whether data starts with the TNEF signature.</summary>
    public static bool IsTnef(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <summary>Returns how many bytes of <paramref name="data"/> hold at most <paramref name="maxFiles"/> attached files:
    /// the whole length when there are no more, else the offset of the attribute that starts the next one.</summary>
    /// <param name="data">The TNEF data.</param>
    /// <param name="maxFiles">The most files to keep.</param>
    /// <param name="truncated">Whether the data holds more files than that.</param>
    /// <returns>The length to keep.</returns>
    public static int LengthForFiles(ReadOnlySpan<byte> data, int maxFiles, out bool truncated)
    {
        truncated = false;
        var files = 0;
        var offset = HeaderLength;
        while (offset + AttributeOverhead <= data.Length)
        {
            var tag = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + 1)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + 5)..]);
            if ((ushort)tag == AttachRenderData && ++files > maxFiles)
            {
                truncated = true;
                return offset;
            }

            var next = offset + (long)AttributeOverhead + length;
            if (next > data.Length)
            {
                break;
            }

            offset = (int)next;
        }

        return data.Length;
    }
}
