using SentiMail.Context;
using SentiMail.Text;

namespace SentiMail.Html;

/// <summary>Builds <see cref="MessageLink"/> values: trims and parses a URL and normalises its host.</summary>
internal static class LinkFactory
{
    private const int MaxUrlLength = 4096;

    public static MessageLink Create(string url, string text, LinkSource source, string location)
    {
        var trimmed = url.Trim().Trim('\u0000');
        if (trimmed.Length > MaxUrlLength)
        {
            trimmed = trimmed[..MaxUrlLength];
        }

        var scheme = GetScheme(trimmed);
        Uri? uri = null;
        string? host = null;
        var isWww = scheme.Length == 0 && trimmed.StartsWith("www.", StringComparison.OrdinalIgnoreCase);
        var candidate = isWww ? "http://" + trimmed : trimmed;
        // A relative reference ("/b.gif") is not a link to anywhere; on Unix, Uri would read it as a file: path.
        if ((scheme.Length > 0 || isWww) && Uri.TryCreate(candidate, UriKind.Absolute, out var parsed))
        {
            uri = parsed;
            if (scheme.Length == 0)
            {
                scheme = parsed.Scheme;
            }

            if (parsed.Scheme is "http" or "https" or "ftp")
            {
                host = DomainName.HostOf(parsed);
            }
        }

        return new MessageLink
        {
            Url = trimmed,
            Uri = uri,
            Scheme = scheme,
            Host = host,
            Text = text.Length > 500 ? text[..500] : text,
            Source = source,
            Location = location,
        };
    }

    private static string GetScheme(string url)
    {
        // Browsers drop ASCII whitespace and control characters inside schemes ("java\tscript:"); so does this.
        Span<char> buffer = stackalloc char[16];
        var n = 0;
        foreach (var c in url)
        {
            if (c == ':')
            {
                return n > 0 ? new string(buffer[..n]) : string.Empty;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
            {
                if (n == buffer.Length)
                {
                    return string.Empty;
                }

                buffer[n++] = char.ToLowerInvariant(c);
            }
            else if (!char.IsWhiteSpace(c) && !char.IsControl(c))
            {
                return string.Empty;
            }
        }

        return string.Empty;
    }
}
