using System.Net;
using MimeKit.Utils;

namespace SentiMail.Context;

/// <summary>Parses <c>Received</c> header values written by common MTAs (Postfix, Exim, Sendmail, Exchange, qmail, Gmail).</summary>
internal static class ReceivedParser
{
    public static ReceivedHop Parse(int index, string value)
    {
        var raw = Unfold(value);
        var span = raw.AsSpan();

        DateTimeOffset? date = null;
        var semicolon = span.LastIndexOf(';');
        if (semicolon >= 0 && DateUtils.TryParse(span[(semicolon + 1)..].Trim().ToString(), out var parsed))
        {
            date = parsed;
        }

        var body = semicolon >= 0 ? span[..semicolon] : span;
        var byIndex = FindWord(body, "by");
        var fromPart = byIndex >= 0 ? body[..byIndex] : body;
        string? byHost = byIndex >= 0 ? FirstToken(body[(byIndex + 2)..]) : null;

        string? fromHost = null;
        var fromIndex = FindWord(fromPart, "from");
        if (fromIndex >= 0)
        {
            fromPart = fromPart[(fromIndex + 4)..];
            fromHost = FirstToken(fromPart);
        }
        else
        {
            fromPart = [];
        }

        var ip = FindIp(fromPart, out var reverseName);
        if (ip is null && fromHost is not null && IPAddress.TryParse(fromHost.Trim('[', ']'), out var hostIp))
        {
            ip = hostIp;
        }

        return new ReceivedHop
        {
            Index = index,
            FromHost = Clean(fromHost),
            FromReverseName = Clean(reverseName),
            FromIp = ip,
            ByHost = Clean(byHost),
            Date = date,
            Raw = raw,
        };
    }

    private static string Unfold(string value)
    {
        var s = value.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Replace('\t', ' ');
        return s.Length > 2000 ? s[..2000] : s.Trim();
    }

    private static int FindWord(ReadOnlySpan<char> text, string word)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            var i = text[offset..].IndexOf(word, StringComparison.OrdinalIgnoreCase);
            if (i < 0)
            {
                return -1;
            }

            var at = offset + i;
            var before = at == 0 || char.IsWhiteSpace(text[at - 1]) || text[at - 1] == ')';
            var afterIndex = at + word.Length;
            var after = afterIndex < text.Length && char.IsWhiteSpace(text[afterIndex]);
            if (before && after && !InsideParentheses(text, at))
            {
                return at;
            }

            offset = at + word.Length;
        }

        return -1;
    }

    private static bool InsideParentheses(ReadOnlySpan<char> text, int position)
    {
        var depth = 0;
        foreach (var c in text[..position])
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
        }

        return depth > 0;
    }

    private static string? FirstToken(ReadOnlySpan<char> text)
    {
        text = text.TrimStart();
        var end = text.IndexOfAny(" \t(;");
        var token = end < 0 ? text : text[..end];
        return token.IsEmpty ? null : token.ToString();
    }

    private static IPAddress? FindIp(ReadOnlySpan<char> text, out string? reverseName)
    {
        reverseName = null;
        var offset = 0;
        while (offset < text.Length)
        {
            var open = text[offset..].IndexOf('[');
            if (open < 0)
            {
                break;
            }

            open += offset;
            var close = text[open..].IndexOf(']');
            if (close < 0)
            {
                break;
            }

            var candidate = text.Slice(open + 1, close - 1);
            if (candidate.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
            {
                candidate = candidate[5..];
            }

            if (IPAddress.TryParse(candidate, out var ip))
            {
                reverseName = ReverseNameBefore(text, open);
                return Unmap(ip);
            }

            offset = open + close + 1;
        }

        // qmail and some others: "from host (1.2.3.4)" or "(HELO x) (1.2.3.4)".
        offset = 0;
        while (offset < text.Length)
        {
            var open = text[offset..].IndexOf('(');
            if (open < 0)
            {
                return null;
            }

            open += offset;
            var close = text[open..].IndexOf(')');
            if (close < 0)
            {
                return null;
            }

            var inner = text.Slice(open + 1, close - 1).Trim();
            var last = inner.LastIndexOf(' ');
            var candidate = last >= 0 ? inner[(last + 1)..] : inner;
            if ((candidate.Contains('.') || candidate.Contains(':')) && IPAddress.TryParse(candidate.Trim("[]"), out var ip))
            {
                return Unmap(ip);
            }

            offset = open + close + 1;
        }

        return null;
    }

    private static string? ReverseNameBefore(ReadOnlySpan<char> text, int bracket)
    {
        var before = text[..bracket].TrimEnd();
        var start = before.LastIndexOfAny(" (");
        var name = start < 0 ? before : before[(start + 1)..];
        return name.IsEmpty || name.Contains('=') ? null : name.ToString();
    }

    private static IPAddress Unmap(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    private static string? Clean(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        var h = host.Trim().Trim('[', ']', '(', ')', ';', ',').ToLowerInvariant();
        return h.Length == 0 ? null : h;
    }
}
