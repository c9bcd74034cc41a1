using SentiMail.Context;
using SentiMail.Html;

namespace SentiMail.Text;

/// <summary>Finds URLs written in plain text (<c>http://</c>, <c>https://</c> and <c>www.</c> forms).</summary>
internal static class UrlScanner
{
    private const int MaxLinks = 1000;

    private const int NotFound = int.MaxValue;

    /// <summary>Adds the URLs written in <paramref name="text"/> to <paramref name="into"/>, at most 1,000.</summary>
    /// <returns><see langword="true"/> when the text holds more that were left out.</returns>
    public static bool Scan(string text, string location, List<MessageLink> into)
    {
        var span = text.AsSpan();
        var offset = 0;
        var found = 0;

        // The next position of each needle at or after offset (NotFound once the needle no longer occurs). A needle is
        // searched again only when offset has moved past its position, so every character is searched at most once
        // per needle: searching both again from every position made "http " repeated quadratic.
        var http = Next(span, 0, "http");
        var www = Next(span, 0, "www.");
        while (offset < span.Length && found < MaxLinks)
        {
            if (http < offset)
            {
                http = Next(span, offset, "http");
            }

            if (www < offset)
            {
                www = Next(span, offset, "www.");
            }

            var start = Math.Min(http, www);
            if (start == NotFound)
            {
                return false;
            }

            var isHttp = start == http && IsHttpPrefix(span[start..]);
            var isWww = !isHttp && start == www && (start == 0 || !char.IsLetterOrDigit(span[start - 1]) && span[start - 1] != '.' && span[start - 1] != '/');
            if (!isHttp && !isWww)
            {
                offset = start + 4;
                continue;
            }

            var end = start;
            while (end < span.Length && IsUrlChar(span[end]))
            {
                end++;
            }

            var url = span[start..end].TrimEnd(".,;:!?)]}'\"»").ToString();
            if (url.Length > 11)
            {
                into.Add(LinkFactory.Create(url, string.Empty, LinkSource.Text, location));
                found++;
            }

            offset = Math.Max(end, start + 4);
        }

        // Stopped at the cap: say whether anything like a URL is left (an over-estimate at worst, never a miss).
        return found >= MaxLinks && offset < span.Length
            && (Next(span, offset, "http") != NotFound || Next(span, offset, "www.") != NotFound);
    }

    /// <summary>Returns the position of <paramref name="needle"/> at or after <paramref name="from"/>, or
    /// <see cref="NotFound"/>.</summary>
    private static int Next(ReadOnlySpan<char> span, int from, string needle)
    {
        var index = span[from..].IndexOf(needle, StringComparison.OrdinalIgnoreCase);
        return index < 0 ? NotFound : from + index;
    }

    private static bool IsHttpPrefix(ReadOnlySpan<char> s) =>
        s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static bool IsUrlChar(char c) => c > ' ' && c is not ('<' or '>' or '"' or '\u00A0' or '«' or '»' or '`') && !char.IsWhiteSpace(c);
}
