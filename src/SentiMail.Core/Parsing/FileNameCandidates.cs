using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace SentiMail.Parsing;

/// <summary>
/// Every file name a mail client may give a part. MimeKit drops a parameter list at the first malformed parameter
/// (<c>attachment; filename="invoice.js"; trouble</c>, <c>attachment; x; filename=...</c>) and keeps one name when a
/// part declares several (<c>filename</c> and <c>filename*</c>, Content-Disposition <c>filename</c> and Content-Type
/// <c>name</c>, a parameter given twice), while clients may read another. The raw Content-Disposition and Content-Type
/// fields are read leniently here for <c>filename*=</c>, <c>filename=</c>, <c>name*=</c> and <c>name=</c> (RFC 2231
/// continuations and charsets, RFC 2047 encoded words, quoted or not), so that every candidate is checked. One pass
/// over each field, whatever it holds.
/// </summary>
internal static class FileNameCandidates
{
    private const int MaxCandidates = 8;

    /// <summary>Returns the part's names: MimeKit's first (when it found one), then every other name the raw fields
    /// give, without repeats (ignoring case, surrounding blank space, and a folder before the name, as in Content-Type
    /// <c>name="C:\Desktop\offer.htm"</c> beside <c>filename="offer.htm"</c>).</summary>
    /// <param name="part">The part.</param>
    /// <returns>The names; empty when the part has none.</returns>
    public static IReadOnlyList<string> Find(MimeEntity part)
    {
        var names = new List<string>();
        Add(names, (part as MimePart)?.FileName);
        foreach (var header in part.Headers)
        {
            if (header.Id is HeaderId.ContentDisposition or HeaderId.ContentType)
            {
                foreach (var name in Scan(Encoding.Latin1.GetString(header.RawValue)))
                {
                    Add(names, name);
                }
            }
        }

        return names;
    }

    private static void Add(List<string> names, string? name)
    {
        var trimmed = name?.Trim().Trim('"').Trim();
        if (string.IsNullOrEmpty(trimmed) || names.Count == MaxCandidates || names.Exists(n => BaseName(n).Equals(BaseName(trimmed), StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        names.Add(trimmed);
    }

    private static ReadOnlySpan<char> BaseName(string name)
    {
        var span = name.AsSpan();
        var slash = span.LastIndexOfAny('/', '\\');
        return slash >= 0 && slash < span.Length - 1 ? span[(slash + 1)..] : span;
    }

    /// <summary>Finds the name parameters of one raw field value, in order: single values as they come, then
    /// continued ones (<c>name*0</c>, <c>name*1</c>...) joined.</summary>
    internal static List<string> Scan(string raw)
    {
        var value = raw.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        var names = new List<string>();
        var continued = new SortedDictionary<(string Key, int Index), (string Value, bool Extended)>();
        var at = 0;
        while ((at = value.IndexOf("name", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var keyStart = at >= 4 && value.AsSpan(at - 4, 4).Equals("file", StringComparison.OrdinalIgnoreCase) ? at - 4 : at;
            var position = at + 4;
            if (keyStart > 0 && IsTokenChar(value[keyStart - 1]))
            {
                at = position;
                continue;
            }

            var key = keyStart == at ? "name" : "filename";
            int? index = null;
            var extended = false;
            if (position < value.Length && value[position] == '*')
            {
                position++;
                var digits = position;
                while (position < value.Length && char.IsAsciiDigit(value[position]) && position - digits < 4)
                {
                    position++;
                }

                if (position > digits)
                {
                    index = int.Parse(value.AsSpan(digits, position - digits), NumberStyles.None, CultureInfo.InvariantCulture);
                    extended = position < value.Length && value[position] == '*';
                    position += extended ? 1 : 0;
                }
                else
                {
                    extended = true;
                }
            }

            position = SkipBlank(value, position);
            if (position >= value.Length || value[position] != '=')
            {
                at = position;
                continue;
            }

            position = SkipBlank(value, position + 1);
            var text = ReadValue(value, ref position);
            at = position;
            if (index is { } i)
            {
                continued.TryAdd((key, i), (text, extended));
            }
            else
            {
                names.Add(extended ? DecodeExtended(text, null) : DecodeWords(text));
            }
        }

        foreach (var key in continued.Keys.Select(k => k.Key).Distinct(StringComparer.Ordinal))
        {
            var sb = new StringBuilder();
            string? charset = null;
            foreach (var ((_, index), (text, extended)) in continued.Where(c => c.Key.Key == key))
            {
                sb.Append(extended ? DecodeExtended(text, index == 0 ? null : charset ?? string.Empty, out charset) : DecodeWords(text));
            }

            names.Add(sb.ToString());
        }

        return names;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static int SkipBlank(string value, int position)
    {
        while (position < value.Length && value[position] is ' ' or '\t')
        {
            position++;
        }

        return position;
    }

    /// <summary>A quoted string (to its closing quote or the end, <c>\"</c> and <c>\\</c> undone), or a token up to
    /// the next semicolon.</summary>
    private static string ReadValue(string value, ref int position)
    {
        var sb = new StringBuilder();
        if (position < value.Length && value[position] == '"')
        {
            position++;
            while (position < value.Length && value[position] != '"')
            {
                // A backslash escapes a quote or a backslash; before anything else it is a Windows path's own, as mailers
                // wrote them (name="C:\Desktop\offer.htm").
                if (value[position] == '\\' && position + 1 < value.Length && value[position + 1] is '"' or '\\')
                {
                    position++;
                }

                sb.Append(value[position++]);
            }

            position = Math.Min(position + 1, value.Length);
            return sb.ToString();
        }

        var end = value.IndexOf(';', position);
        end = end < 0 ? value.Length : end;
        var token = value[position..end].Trim();
        position = end;
        return token;
    }

    /// <summary>Undoes RFC 2047 encoded words and reads 8-bit text as MimeKit reads header text.</summary>
    private static string DecodeWords(string text) => Rfc2047.DecodeText(Encoding.Latin1.GetBytes(text));

    private static string DecodeExtended(string text, string? charset) => DecodeExtended(text, charset, out _);

    /// <summary>Undoes an RFC 2231 extended value: <c>charset'language'percent-encoded</c> for the first (or only)
    /// segment, percent-encoded bytes in that charset for the next ones.</summary>
    private static string DecodeExtended(string text, string? charset, out string? charsetUsed)
    {
        var data = text;
        if (charset is null)
        {
            var first = text.IndexOf('\'', StringComparison.Ordinal);
            var second = first < 0 ? -1 : text.IndexOf('\'', first + 1);
            if (second > 0)
            {
                charset = text[..first];
                data = text[(second + 1)..];
            }
        }

        charsetUsed = charset;
        var bytes = new List<byte>(data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == '%' && i + 2 < data.Length && byte.TryParse(data.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)data[i]);
            }
        }

        return Charset(charset).GetString([.. bytes]);
    }

    private static Encoding Charset(string? name)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            try
            {
                return Encoding.GetEncoding(name.Trim());
            }
            catch (ArgumentException)
            {
                // An unknown charset: read the bytes as UTF-8, as most names are.
            }
        }

        return Encoding.UTF8;
    }
}
