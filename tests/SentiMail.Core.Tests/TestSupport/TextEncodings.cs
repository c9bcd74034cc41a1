using System.Buffers.Binary;
using System.Text;

namespace SentiMail.Tests.TestSupport;

/// <summary>Encodes files as mail software wrote them into text: uuencode, yEnc and BinHex 4.0.</summary>
internal static class TextEncodings
{
    private const string BinHexAlphabet = "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr";

    /// <summary>A uuencoded block: <c>begin 644 name</c>, lines of 45 bytes, a zero-length line and <c>end</c>.</summary>
    public static string Uuencode(string name, byte[] data, bool withEnd = true)
    {
        var sb = new StringBuilder().Append("begin 644 ").Append(name).Append("\r\n");
        for (var offset = 0; offset < data.Length; offset += 45)
        {
            var count = Math.Min(45, data.Length - offset);
            sb.Append(UuChar(count));
            for (var i = 0; i < count; i += 3)
            {
                var b0 = data[offset + i];
                var b1 = i + 1 < count ? data[offset + i + 1] : (byte)0;
                var b2 = i + 2 < count ? data[offset + i + 2] : (byte)0;
                sb.Append(UuChar(b0 >> 2)).Append(UuChar(((b0 << 4) | (b1 >> 4)) & 63)).Append(UuChar(((b1 << 2) | (b2 >> 6)) & 63)).Append(UuChar(b2 & 63));
            }

            sb.Append("\r\n");
        }

        return withEnd ? sb.Append("`\r\nend\r\n").ToString() : sb.ToString();
    }

    /// <summary>A yEnc block (Latin-1 text: every character stands for one byte).</summary>
    public static string YEnc(string name, byte[] data)
    {
        var sb = new StringBuilder().Append("=ybegin line=128 size=").Append(data.Length).Append(" name=").Append(name).Append("\r\n");
        var column = 0;
        foreach (var b in data)
        {
            var c = (byte)(b + 42);
            if (c is 0 or 10 or 13 or (byte)'=')
            {
                sb.Append('=').Append((char)(byte)(c + 64));
                column += 2;
            }
            else
            {
                sb.Append((char)c);
                column++;
            }

            if (column >= 128)
            {
                sb.Append("\r\n");
                column = 0;
            }
        }

        return sb.Append("\r\n=yend size=").Append(data.Length).Append("\r\n").ToString();
    }

    /// <summary>A BinHex 4.0 file with its banner: header, data fork, empty resource fork, CRCs, run-length encoded.</summary>
    public static string BinHex(string name, byte[] data, bool banner = true, uint? declaredLength = null)
    {
        var header = new List<byte> { (byte)name.Length };
        header.AddRange(Encoding.ASCII.GetBytes(name));
        header.Add(0);
        header.AddRange("????????"u8.ToArray());
        header.AddRange([0, 0]);
        var lengths = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(lengths, declaredLength ?? (uint)data.Length);
        header.AddRange(lengths);
        var raw = new List<byte>(header);
        raw.AddRange(Crc(header));
        raw.AddRange(data);
        raw.AddRange(Crc(data));
        raw.AddRange(Crc([]));
        return (banner ? "(This file must be converted with BinHex 4.0)\r\n\r\n" : string.Empty) + SixBit(RunLength(raw), 64);
    }

    /// <summary>Run-length encodes as BinHex does: 0x90 n repeats the byte before it, 0x90 0 is 0x90.</summary>
    public static List<byte> RunLength(IReadOnlyList<byte> data)
    {
        var output = new List<byte>();
        for (var i = 0; i < data.Count;)
        {
            var b = data[i];
            var run = 1;
            while (i + run < data.Count && data[i + run] == b && run < 255)
            {
                run++;
            }

            output.Add(b);
            if (b == 0x90)
            {
                output.Add(0);
            }

            if (run > 2 && b != 0x90)
            {
                output.Add(0x90);
                output.Add((byte)run);
                i += run;
            }
            else
            {
                i++;
            }
        }

        return output;
    }

    /// <summary>Writes bytes in the BinHex alphabet between colons, in lines of <paramref name="lineLength"/>.</summary>
    public static string SixBit(IReadOnlyList<byte> data, int lineLength)
    {
        var sb = new StringBuilder(":");
        var bits = 0;
        var count = 0;
        foreach (var b in data)
        {
            bits = (bits << 8) | b;
            count += 8;
            while (count >= 6)
            {
                count -= 6;
                sb.Append(BinHexAlphabet[(bits >> count) & 63]);
            }

            bits &= (1 << count) - 1;
        }

        if (count > 0)
        {
            sb.Append(BinHexAlphabet[(bits << (6 - count)) & 63]);
        }

        sb.Append(':');
        var text = sb.ToString();
        var lines = new StringBuilder();
        for (var i = 0; i < text.Length; i += lineLength)
        {
            lines.Append(text.AsSpan(i, Math.Min(lineLength, text.Length - i))).Append("\r\n");
        }

        return lines.ToString();
    }

    private static char UuChar(int value) => value == 0 ? '`' : (char)(value + 32);

    private static byte[] Crc(IEnumerable<byte> data)
    {
        ushort crc = 0;
        foreach (var b in data)
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return [(byte)(crc >> 8), (byte)crc];
    }
}
