using System.Buffers.Binary;
using System.Text;

namespace SentiMail.Parsing;

/// <summary>
/// Decodes BinHex 4.0 (<c>application/mac-binhex40</c>, RFC 1741): between two colons, six bits a character from a
/// 64-character alphabet (line breaks and blank space ignored), then run-length encoding (<c>0x90</c> repeats the byte
/// before it), then a header (name, Finder information, fork lengths) and the data fork. Only the header and the data
/// fork are decoded: that is the file a client saves. Checksums are not checked; a file cut short yields what it holds.
/// Work and output are linear in the input and capped by the caller's budget.
/// </summary>
internal static class BinHex
{
    private const string Alphabet = "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr";
    private const byte RunMarker = 0x90;

    // After the name: version (1), type (4), creator (4), flags (2), data length (4), resource length (4), CRC (2).
    private const int FixedHeaderLength = 1 + 4 + 4 + 2 + 4 + 4 + 2;

    private static readonly sbyte[] s_values = BuildValues();

    /// <summary>The outcome of <see cref="Decode"/>.</summary>
    public enum Status
    {
        /// <summary>The data fork was decoded, whole or as far as the data went.</summary>
        Decoded,

        /// <summary>Not BinHex, or cut before the end of its header.</summary>
        Invalid,

        /// <summary>The data fork is larger than the budget.</summary>
        TooLarge,
    }

    /// <summary>Decodes the BinHex data that starts at the colon at <paramref name="start"/>.</summary>
    /// <param name="text">The text holding the data.</param>
    /// <param name="start">Where the opening colon is.</param>
    /// <param name="maxBytes">The largest data fork to decode.</param>
    /// <param name="name">The file name from the header.</param>
    /// <param name="data">The data fork.</param>
    /// <param name="end">Where the data ends: after the closing colon, or where it broke off.</param>
    /// <returns>Whether the data fork was decoded.</returns>
    public static Status Decode(ReadOnlySpan<byte> text, int start, long maxBytes, out string name, out byte[] data, out int end)
    {
        name = string.Empty;
        data = [];
        var output = new List<byte>();
        var target = -1L;
        var bits = 0;
        var bitCount = 0;
        var runPending = false;
        var last = -1;
        var i = start + 1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ':')
            {
                i++;
                break;
            }

            if (c is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
            {
                continue;
            }

            var value = c < s_values.Length ? s_values[c] : (sbyte)-1;
            if (value < 0)
            {
                break;
            }

            bits = (bits << 6) | (byte)value;
            bitCount += 6;
            if (bitCount < 8)
            {
                continue;
            }

            bitCount -= 8;
            var b = (bits >> bitCount) & 0xFF;
            bits &= (1 << bitCount) - 1;

            // Run-length decoding: 0x90 n repeats the byte before it n - 1 more times; 0x90 0 is 0x90 itself.
            if (runPending)
            {
                runPending = false;
                if (b == 0)
                {
                    last = RunMarker;
                    output.Add(RunMarker);
                }
                else if (last >= 0)
                {
                    for (var r = 1; r < b && !Full(output, target); r++)
                    {
                        output.Add((byte)last);
                    }
                }
            }
            else if (b == RunMarker)
            {
                runPending = true;
            }
            else
            {
                last = b;
                output.Add((byte)b);
            }

            if (target < 0 && output.Count > 0 && output.Count >= HeaderLength(output[0]))
            {
                var header = HeaderLength(output[0]);
                var dataLength = BinaryPrimitives.ReadUInt32BigEndian(Slice(output, header - 10, 4));
                if (dataLength > maxBytes)
                {
                    end = i;
                    return Status.TooLarge;
                }

                target = header + (long)dataLength;
            }

            if (Full(output, target))
            {
                break;
            }
        }

        end = i;
        if (output.Count == 0 || output.Count < HeaderLength(output[0]))
        {
            return Status.Invalid;
        }

        var nameLength = output[0];
        name = Encoding.Latin1.GetString(Slice(output, 1, nameLength));
        var dataStart = HeaderLength(nameLength);
        data = [.. Slice(output, dataStart, (int)Math.Min(output.Count, target) - dataStart)];
        return Status.Decoded;
    }

    private static int HeaderLength(byte nameLength) => 1 + nameLength + FixedHeaderLength;

    private static bool Full(List<byte> output, long target) => target >= 0 && output.Count >= target;

    private static ReadOnlySpan<byte> Slice(List<byte> list, int start, int length) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list).Slice(start, length);

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
