using SentiMail.Context;
using SentiMail.Text;

namespace SentiMail.Html;

/// <summary>Builds <see cref="MessageLink"/> values: trims and parses a URL and normalises its host.</summary>
internal static class LinkFactory
{
    private static readonly char[] s_browserTrimmed = [.. Enumerable.Range(0, 0x21).Select(c => (char)c)];

    /// <summary>The most characters of a URL read, as written and once resolved.</summary>
    public const int MaxUrlLength = 4096;

    public static MessageLink Create(string url, string text, LinkSource source, string location, BrowserUrl.Resolved? baseUrl = null)
    {
        // Only what a browser strips: C0 controls and spaces, not U+00A0 or other Unicode spaces, which a browser keeps
        // as part of a relative reference.
        var trimmed = url.AsSpan().Trim(s_browserTrimmed).ToString();
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

        if (resolved.Href.Length > MaxUrlLength)
        {
            // A long base joined to every relative link must not multiply the text kept.
            resolved = resolved with { Href = resolved.Href[..MaxUrlLength] };
        }

        Uri? uri = null;
        string? host = null;
        var scheme = resolved.Scheme;
        if (resolved.Host is not null)
        {
            // A web address, read as a browser reads it: its host is the one the reader's client would open.
            // A host .NET's IDNA refuses but a browser opens (a label starting with a hyphen) stays in lowercase Unicode.
            host = DomainName.Normalize(resolved.Host) is { Length: > 0 } normalized ? normalized : resolved.Host.TrimEnd('.');
            if (!Uri.TryCreate(resolved.Href, UriKind.Absolute, out uri))
            {
                // What a browser opens but System.Uri refuses ("user@@host") still has its host and user information
                // checked.
                var userInfo = resolved.UserInfo.Length > 0 ? Uri.EscapeDataString(resolved.UserInfo) + "@" : string.Empty;
                _ = Uri.TryCreate(string.Concat(resolved.Scheme, Uri.SchemeDelimiter, userInfo, resolved.Host), UriKind.Absolute, out uri)
                    || Uri.TryCreate(string.Concat(resolved.Scheme, Uri.SchemeDelimiter, userInfo, "invalid.invalid"), UriKind.Absolute, out uri);
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
