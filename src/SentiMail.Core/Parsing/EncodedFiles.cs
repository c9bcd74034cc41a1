using System.Text;

namespace SentiMail.Parsing;

/// <summary>A file found encoded in text, decoded.</summary>
/// <param name="Name">Its name, as the encoding gives it (may be empty).</param>
/// <param name="Content">Its bytes.</param>
/// <param name="Encoding">The encoding it was found in: <c>uuencode</c>, <c>yEnc</c> or <c>BinHex</c>.</param>
internal sealed record EncodedFile(string Name, byte[] Content, string Encoding);

/// <summary>
/// Finds the files that mail clients decode from text and show as attachments (Thunderbird, Outlook for messages that
/// are not MIME): uuencode (<c>begin 644 name</c> ... <c>end</c>), yEnc (<c>=ybegin ... name=</c> ... <c>=yend</c>) and
/// BinHex 4.0 (after its <c>(This file must be converted with BinHex 4.0)</c> banner). One pass over the lines: each
/// decoder resumes the scan where its block ended, so the work is linear in the text, and the files found stop at the
/// caller's count and byte budget.
/// </summary>
internal static class EncodedFiles
{
    /// <summary>The outcome of a scan.</summary>
    /// <param name="Files">The files decoded, in order.</param>
    /// <param name="TooManyFiles">Whether a file was left out for the count.</param>
    /// <param name="TooLarge">Whether a file was left out for the byte budget.</param>
    /// <param name="Undecodable">Whether a block that announced a file could not be decoded.</param>
    public sealed record ScanResult(IReadOnlyList<EncodedFile> Files, bool TooManyFiles, bool TooLarge, bool Undecodable);

    private static ReadOnlySpan<byte> BinHexBanner => "(This file must be converted with BinHex"u8;

    /// <summary>Finds and decodes the encoded files in a text.</summary>
    /// <param name="text">The text's bytes (transfer encoding undone, charset not).</param>
    /// <param name="maxFiles">The most files to return.</param>
    /// <param name="maxBytes">The most bytes to decode in all.</param>
    /// <param name="bareBinHex">Whether BinHex data may start at a line beginning with a colon without the banner
    /// (a part declared <c>application/mac-binhex40</c>).</param>
    /// <returns>The files, and whether a limit was reached.</returns>
    public static ScanResult Scan(ReadOnlySpan<byte> text, int maxFiles, long maxBytes, bool bareBinHex = false)
    {
        var files = new List<EncodedFile>();
        var undecodable = false;
        var budget = maxBytes;
        var binHexNext = bareBinHex;
        var position = 0;
        while (position < text.Length)
        {
            var lineEnd = text[position..].IndexOf((byte)'\n');
            var next = lineEnd < 0 ? text.Length : position + lineEnd + 1;
            var line = text[position..(lineEnd < 0 ? text.Length : position + lineEnd)].TrimEnd("\r \t"u8);
            EncodedFile? file = null;
            var blockEnd = next;
            var status = BlockStatus.None;
            if (line.StartsWith("begin "u8) && UuHeader(line) is { } uuName)
            {
                status = Uu(text, next, budget, out var data, out blockEnd);
                file = new EncodedFile(uuName, data, "uuencode");
            }
            else if (line.StartsWith("=ybegin "u8))
            {
                status = YEnc(text, next, budget, out var data, out blockEnd);
                file = new EncodedFile(YEncName(line), data, "yEnc");
            }
            else if (line.StartsWith(BinHexBanner))
            {
                binHexNext = true;
            }
            else if (binHexNext && !line.IsEmpty && !line.TrimStart(" \t"u8).StartsWith(":"u8))
            {
                // Only blank lines may come between the banner and the data.
                binHexNext = bareBinHex;
            }
            else if (binHexNext && !line.IsEmpty)
            {
                binHexNext = bareBinHex;
                var colon = position + text[position..].IndexOf((byte)':');
                var result = BinHex.Decode(text, colon, budget, out var name, out var data, out blockEnd);
                status = result switch
                {
                    BinHex.Status.Decoded => BlockStatus.Decoded,
                    BinHex.Status.TooLarge => BlockStatus.TooLarge,
                    _ => BlockStatus.Invalid,
                };
                file = new EncodedFile(name, data, "BinHex");
                blockEnd = Math.Max(blockEnd, next);
            }

            switch (status)
            {
                case BlockStatus.Decoded when files.Count == maxFiles:
                    return new ScanResult(files, TooManyFiles: true, TooLarge: false, undecodable);
                case BlockStatus.TooLarge:
                    return new ScanResult(files, TooManyFiles: false, TooLarge: true, undecodable);
                case BlockStatus.Decoded:
                    files.Add(file!);
                    budget -= file!.Content.Length;
                    break;
                case BlockStatus.Invalid:
                    undecodable |= file?.Encoding == "BinHex";
                    break;
            }

            position = Math.Max(blockEnd, next);
        }

        return new ScanResult(files, TooManyFiles: false, TooLarge: false, undecodable);
    }

    private enum BlockStatus
    {
        None,
        Decoded,
        Invalid,
        TooLarge,
    }

    /// <summary>The file name of a uuencode header line, <c>begin</c>, an octal mode of three or four digits and the
    /// name; <see langword="null"/> when the line is not one.</summary>
    private static string? UuHeader(ReadOnlySpan<byte> line)
    {
        var rest = line["begin "u8.Length..];
        var digits = 0;
        while (digits < rest.Length && rest[digits] is >= (byte)'0' and <= (byte)'7')
        {
            digits++;
        }

        if (digits is < 3 or > 4 || digits >= rest.Length || rest[digits] != ' ')
        {
            return null;
        }

        var name = rest[(digits + 1)..].Trim(" \t"u8);
        return name.IsEmpty ? null : Encoding.Latin1.GetString(name);
    }

    /// <summary>Decodes uuencoded lines from <paramref name="start"/> to the <c>end</c> line; a line that is not
    /// uuencode ends the block too (as the file broke off there). At least one line of data is needed.</summary>
    private static BlockStatus Uu(ReadOnlySpan<byte> text, int start, long budget, out byte[] data, out int end)
    {
        using var output = new MemoryStream();
        var position = start;
        var sawData = false;
        while (position < text.Length)
        {
            var lineEnd = text[position..].IndexOf((byte)'\n');
            var next = lineEnd < 0 ? text.Length : position + lineEnd + 1;
            var line = text[position..(lineEnd < 0 ? text.Length : position + lineEnd)].TrimEnd("\r"u8);
            if (line.TrimEnd(" \t"u8).SequenceEqual("end"u8))
            {
                position = next;
                break;
            }

            if (line.IsEmpty || !UuLine(line, output))
            {
                break;
            }

            sawData |= ((line[0] - 32) & 63) > 0;
            if (output.Length > budget)
            {
                data = [];
                end = next;
                return BlockStatus.TooLarge;
            }

            position = next;
        }

        end = position;
        data = output.ToArray();
        return sawData ? BlockStatus.Decoded : BlockStatus.Invalid;
    }

    /// <summary>Decodes one uuencode line: a length character, then four characters for each three bytes.</summary>
    private static bool UuLine(ReadOnlySpan<byte> line, MemoryStream output)
    {
        var count = (line[0] - 32) & 63;
        var needed = (count + 2) / 3 * 4;
        if (line.Length - 1 < needed || line[0] is < 32 or > 96)
        {
            return false;
        }

        foreach (var c in line.Slice(1, needed))
        {
            if (c is < 32 or > 96)
            {
                return false;
            }
        }

        Span<byte> group = stackalloc byte[3];
        for (var i = 0; i < needed; i += 4)
        {
            var c0 = (line[1 + i] - 32) & 63;
            var c1 = (line[2 + i] - 32) & 63;
            var c2 = (line[3 + i] - 32) & 63;
            var c3 = (line[4 + i] - 32) & 63;
            group[0] = (byte)((c0 << 2) | (c1 >> 4));
            group[1] = (byte)((c1 << 4) | (c2 >> 2));
            group[2] = (byte)((c2 << 6) | c3);
            var take = Math.Min(3, count);
            output.Write(group[..take]);
            count -= take;
        }

        return true;
    }

    /// <summary>The <c>name=</c> of a <c>=ybegin</c> line: the rest of the line, as yEnc writes it last.</summary>
    private static string YEncName(ReadOnlySpan<byte> line)
    {
        var at = line.IndexOf(" name="u8);
        return at < 0 ? string.Empty : Encoding.Latin1.GetString(line[(at + " name="u8.Length)..].Trim(" \t"u8));
    }

    /// <summary>Decodes yEnc data from <paramref name="start"/> to the <c>=yend</c> line: each byte is the encoded one
    /// minus 42, <c>=</c> escapes the next (minus 64 more); line breaks are not data. A <c>=ypart</c> line is skipped.</summary>
    private static BlockStatus YEnc(ReadOnlySpan<byte> text, int start, long budget, out byte[] data, out int end)
    {
        using var output = new MemoryStream();
        var position = start;
        while (position < text.Length)
        {
            var lineEnd = text[position..].IndexOf((byte)'\n');
            var next = lineEnd < 0 ? text.Length : position + lineEnd + 1;
            var line = text[position..(lineEnd < 0 ? text.Length : position + lineEnd)].TrimEnd("\r"u8);
            if (line.StartsWith("=yend"u8))
            {
                position = next;
                break;
            }

            if (!line.StartsWith("=ypart "u8))
            {
                for (var i = 0; i < line.Length; i++)
                {
                    var b = line[i];
                    if (b == '=' && i + 1 < line.Length)
                    {
                        b = (byte)(line[++i] - 64);
                    }

                    output.WriteByte((byte)(b - 42));
                }

                if (output.Length > budget)
                {
                    data = [];
                    end = next;
                    return BlockStatus.TooLarge;
                }
            }

            position = next;
        }

        end = position;
        data = output.ToArray();
        return data.Length > 0 ? BlockStatus.Decoded : BlockStatus.Invalid;
    }
}
