using System.IO.Compression;

namespace SentiMail.Attachments;

/// <summary>Scans a PDF's bytes for name objects that run code or act on opening, decoding <c>#xx</c> escapes in names
/// (<c>/J#61vaScript</c>) as PDF readers do. Objects stored in compressed object streams (<c>/Type /ObjStm</c>,
/// PDF 1.5), where a reader finds them as well as in the file's own text, are inflated and scanned too, within a
/// budget of decompressed bytes.</summary>
internal static class PdfScanner
{
    private static readonly string[] s_active = ["JavaScript", "JS", "Launch", "OpenAction", "AA", "EmbeddedFile", "RichMedia", "XFA", "SubmitForm", "ImportData"];

    // A name is read up to 32 characters, each written in at most three bytes (#xx).
    private const int MaxNameBytes = 3 * 32;

    private const int InflateChunk = 64 * 1024;

    private const int OtherName = -1;
    private const int NoName = -2;
    private const int ObjectStream = -3;

    /// <summary>Returns the active-content names a PDF uses (<c>/JavaScript</c>, <c>/Launch</c>...), each once.</summary>
    /// <param name="pdf">The PDF's bytes.</param>
    /// <param name="inflateBudget">The most bytes inflated from compressed object streams, all together.</param>
    /// <returns>The names, or none when the PDF has only <c>/OpenAction</c> or <c>/AA</c>, which alone open a page or
    /// set a view.</returns>
    public static IReadOnlyList<string> FindActiveContent(ReadOnlyMemory<byte> pdf, long inflateBudget) => FindActiveContent(pdf, inflateBudget, out _);

    /// <summary>Returns the active-content names a PDF uses, and how many bytes were inflated to find them.</summary>
    /// <param name="pdf">The PDF's bytes.</param>
    /// <param name="inflateBudget">The most bytes inflated from compressed object streams, all together.</param>
    /// <param name="inflated">The bytes inflated.</param>
    /// <returns>The names, as <see cref="FindActiveContent(ReadOnlyMemory{byte}, long)"/> returns them.</returns>
    public static IReadOnlyList<string> FindActiveContent(ReadOnlyMemory<byte> pdf, long inflateBudget, out long inflated)
    {
        var found = new List<string>();
        inflated = 0;
        var budget = inflateBudget;
        var span = pdf.Span;
        var searchFrom = 0;
        var i = 0;
        while (i < span.Length && found.Count < s_active.Length)
        {
            var (next, name) = NextName(span, i);
            if (name == NoName)
            {
                break;
            }

            i = next;
            Note(name, found);
            if (name == ObjectStream && i >= searchFrom && budget > 0)
            {
                // Its stream follows the dictionary; the search goes on from its end, so the file is read once.
                searchFrom = ScanObjectStream(pdf, i, found, ref budget);
            }
        }

        inflated = inflateBudget - Math.Max(0, budget);
        if (found.Count > 0 && found.All(f => f is "/OpenAction" or "/AA"))
        {
            return [];
        }

        return found;
    }

    /// <summary>Finds the stream after an object stream's dictionary, inflates it within the budget and scans what it
    /// holds.</summary>
    /// <returns>Where the stream ends (the search for the next one starts there), or the end of the file.</returns>
    private static int ScanObjectStream(ReadOnlyMemory<byte> pdf, int from, List<string> found, ref long budget)
    {
        var span = pdf.Span;
        var keyword = IndexOfStreamKeyword(span, from);
        if (keyword < 0)
        {
            return span.Length;
        }

        var start = keyword + "stream".Length;
        if (start < span.Length && span[start] == '\r')
        {
            start++;
        }

        if (start < span.Length && span[start] == '\n')
        {
            start++;
        }

        var end = span[start..].IndexOf("endstream"u8);
        end = end < 0 ? span.Length : start + end;
        try
        {
            using var data = new MemoryStream(pdf[start..end].ToArray(), writable: false);
            using Stream inflater = data.Length >= 2 && IsZlibHeader(span[start], span[start + 1])
                ? new ZLibStream(data, CompressionMode.Decompress)
                : new DeflateStream(data, CompressionMode.Decompress);
            ScanInflated(inflater, found, ref budget);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            // Not a Flate stream, or a corrupt one: what was inflated before the error was scanned.
        }

        return end;
    }

    /// <summary>Scans inflated bytes chunk by chunk, carrying over the tail of each chunk so that a name cut at a chunk's
    /// end is read whole from the next.</summary>
    private static void ScanInflated(Stream inflater, List<string> found, ref long budget)
    {
        var buffer = new byte[InflateChunk + MaxNameBytes + 2];
        var carried = 0;
        while (budget > 0)
        {
            var n = inflater.Read(buffer, carried, (int)Math.Min(InflateChunk, budget));
            budget -= n;
            var length = carried + n;
            var last = n == 0 || budget <= 0;
            var stopAt = last ? length : Math.Max(0, length - (MaxNameBytes + 2));
            var i = 0;
            while (i < stopAt)
            {
                var slash = buffer.AsSpan(i, stopAt - i).IndexOf((byte)'/');
                if (slash < 0)
                {
                    i = stopAt;
                    break;
                }

                var (next, name) = NextName(buffer.AsSpan(0, length), i + slash);
                i = next;
                Note(name, found);
            }

            if (last)
            {
                return;
            }

            // The unread tail starts at most at stopAt; it is at most MaxNameBytes + 2 bytes long.
            carried = length - Math.Min(i, length);
            buffer.AsSpan(length - carried, carried).CopyTo(buffer);
        }
    }

    /// <summary>Reads the name that starts at the first <c>/</c> at or after <paramref name="from"/>.</summary>
    /// <returns>Where the name ends, and which name it is: an index in the active names, <see cref="ObjectStream"/>,
    /// <see cref="OtherName"/>, or <see cref="NoName"/> when there is no other name (then the end of input).</returns>
    private static (int Next, int Name) NextName(ReadOnlySpan<byte> pdf, int from)
    {
        var slash = pdf[from..].IndexOf((byte)'/');
        if (slash < 0)
        {
            return (pdf.Length, NoName);
        }

        var i = from + slash + 1;
        Span<char> name = stackalloc char[32];
        var n = 0;
        while (i < pdf.Length && n < name.Length && IsNameChar(pdf[i]))
        {
            var b = pdf[i];
            if (b == '#' && i + 2 < pdf.Length && IsHex(pdf[i + 1]) && IsHex(pdf[i + 2]))
            {
                name[n++] = (char)((Hex(pdf[i + 1]) << 4) | Hex(pdf[i + 2]));
                i += 3;
                continue;
            }

            name[n++] = (char)b;
            i++;
        }

        var token = name[..n];
        if (token.SequenceEqual("ObjStm"))
        {
            return (i, ObjectStream);
        }

        for (var k = 0; k < s_active.Length; k++)
        {
            if (token.SequenceEqual(s_active[k]))
            {
                return (i, k);
            }
        }

        return (i, OtherName);
    }

    private static void Note(int name, List<string> found)
    {
        // /OpenAction and /AA alone open a page or set a view; they matter with script, which the others flag.
        if (name >= 0 && !found.Contains("/" + s_active[name]))
        {
            found.Add("/" + s_active[name]);
        }
    }

    /// <summary>Finds the <c>stream</c> keyword (not the end of an <c>endstream</c>) at or after <paramref name="from"/>.</summary>
    private static int IndexOfStreamKeyword(ReadOnlySpan<byte> pdf, int from)
    {
        var at = from;
        while (at < pdf.Length)
        {
            var found = pdf[at..].IndexOf("stream"u8);
            if (found < 0)
            {
                return -1;
            }

            var position = at + found;
            if (position < 3 || !pdf[(position - 3)..position].SequenceEqual("end"u8))
            {
                return position;
            }

            at = position + 1;
        }

        return -1;
    }

    private static bool IsZlibHeader(byte cmf, byte flg) => (cmf & 0x0F) == 8 && ((cmf << 8) | flg) % 31 == 0;

    private static bool IsNameChar(byte b) => b > 0x20 && b < 0x7F && b is not ((byte)'/' or (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'%');

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int Hex(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
