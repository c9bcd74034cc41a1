using SentiMail.Context;
using SentiMail.Html;

namespace SentiMail.Text;

/// <summary>Finds URLs written in plain text (<c>http://</c>, <c>https://</c> and <c>www.</c> forms).</summary>
internal static class UrlScanner
{
    private const int MaxLinks = 1000;

    public static void Scan(string text, string location, List<MessageLink> into)
    {
        var span = text.AsSpan();
        var offset = 0;
        var found = 0;
        while (offset < span.Length && found < MaxLinks)
        {
            var rest = span[offset..];
            var http = rest.IndexOf("http", StringComparison.OrdinalIgnoreCase);
            var www = rest.IndexOf("www.", StringComparison.OrdinalIgnoreCase);
            var index = http < 0 ? www : www < 0 ? http : Math.Min(http, www);
            if (index < 0)
            {
                return;
            }

            var start = offset + index;
            var isHttp = index == http && IsHttpPrefix(span[start..]);
            var isWww = !isHttp && index == www && (start == 0 || !char.IsLetterOrDigit(span[start - 1]) && span[start - 1] != '.' && span[start - 1] != '/');
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
    }

    private static bool IsHttpPrefix(ReadOnlySpan<char> s) =>
        s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static bool IsUrlChar(char c) => c > ' ' && c is not ('<' or '>' or '"' or '\u00A0' or '«' or '»' or '`') && !char.IsWhiteSpace(c);
}
