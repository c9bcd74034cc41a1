namespace SentiMail.Attachments;

/// <summary>Scans a PDF's bytes for name objects that run code or act on opening, decoding <c>#xx</c> escapes in names
/// (<c>/J#61vaScript</c>) as PDF readers do.</summary>
internal static class PdfScanner
{
    private static readonly string[] s_active = ["JavaScript", "JS", "Launch", "OpenAction", "AA", "EmbeddedFile", "RichMedia", "XFA", "SubmitForm", "ImportData"];

    public static IReadOnlyList<string> FindActiveContent(ReadOnlySpan<byte> pdf)
    {
        var found = new List<string>();
        Span<char> name = stackalloc char[32];
        var i = 0;
        while (i < pdf.Length && found.Count < s_active.Length)
        {
            var slash = pdf[i..].IndexOf((byte)'/');
            if (slash < 0)
            {
                break;
            }

            i += slash + 1;
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
            foreach (var active in s_active)
            {
                if (token.SequenceEqual(active) && !found.Contains("/" + active))
                {
                    // /OpenAction and /AA alone open a page or set a view; they matter with script, which the others flag.
                    found.Add("/" + active);
                }
            }
        }

        if (found.Count > 0 && found.All(f => f is "/OpenAction" or "/AA"))
        {
            return [];
        }

        return found;
    }

    private static bool IsNameChar(byte b) => b > 0x20 && b < 0x7F && b is not ((byte)'/' or (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'%');

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int Hex(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
