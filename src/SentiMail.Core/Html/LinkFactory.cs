using SentiMail.Context;
using SentiMail.Text;

namespace SentiMail.Html;

/// <summary>Builds <see cref="MessageLink"/> values: trims and parses a URL and normalises its host.</summary>
internal static class LinkFactory
{
    private const int MaxUrlLength = 4096;

    public static MessageLink Create(string url, string text, LinkSource source, string location, BrowserUrl.Resolved? baseUrl = null)
    {
        var trimmed = url.Trim().Trim('\u0000');
        if (trimmed.Length > MaxUrlLength)
        {
            trimmed = trimmed[..MaxUrlLength];
        }

        var resolved = BrowserUrl.Resolve(trimmed, baseUrl);
        if (resolved.Scheme.Length == 0 && trimmed.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            // "www.example.com" written without a scheme is read as a web address, in text as in an href.
            resolved = BrowserUrl.Resolve("http://" + trimmed);
        }

        Uri? uri = null;
        string? host = null;
        var scheme = resolved.Scheme;
        if (resolved.Host is not null)
        {
            // A web address, read as a browser reads it: its host is the one the reader's client would open.
            host = DomainName.Normalize(resolved.Host);
            if (!Uri.TryCreate(resolved.Href, UriKind.Absolute, out uri))
            {
                // What a browser opens but System.Uri refuses still has its host checked.
                _ = Uri.TryCreate(string.Concat(resolved.Scheme, Uri.SchemeDelimiter, resolved.Host), UriKind.Absolute, out uri);
            }
        }
        else
        {
            // Browsers drop whitespace and controls inside a scheme ("java\tscript:"); this drops a few more, so that
            // "java script:" still reads as a script URL. A relative reference left unresolved leads nowhere.
            scheme = scheme.Length > 0 ? scheme : GetScheme(trimmed);
            if (scheme.Length > 0)
            {
                _ = Uri.TryCreate(trimmed, UriKind.Absolute, out uri);
            }
        }

        return new MessageLink
        {
            Url = trimmed,
            Target = resolved.Host is not null ? resolved.Href : trimmed,
            Uri = uri,
            Scheme = scheme,
            Host = host is { Length: > 0 } ? host : null,
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
