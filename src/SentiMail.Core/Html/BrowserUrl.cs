using System.Buffers;
using System.Globalization;
using System.Text;
using SentiMail.Text;

namespace SentiMail.Html;

/// <summary>
/// Reads a written URL as a browser does (the WHATWG URL standard), so that a link leads where the reader's client
/// would go rather than where a strict RFC 3986 parser would: ASCII tabs and newlines anywhere are dropped, leading
/// and trailing controls and spaces trimmed, backslashes read as slashes in web addresses, any number of slashes
/// (none included) accepted after <c>http:</c>, the host percent-decoded, mapped to lowercase ASCII (IDNA) and a
/// numeric host read as the IPv4 address it stands for (<c>0x7f.1</c> is 127.0.0.1); a reference without a scheme
/// is resolved against the document's base (<c>&lt;base href&gt;</c>), and one that starts with <c>//</c> opens the
/// host it names over https when the document has none, as in a webmail.
/// </summary>
internal static class BrowserUrl
{
    private static readonly SearchValues<char> s_forbiddenHost = SearchValues.Create("\0\t\n\r #/:<>?@[\\]^|%");
    private static readonly SearchValues<char> s_lowerHexDigits = SearchValues.Create("0123456789abcdef");
    private static readonly SearchValues<char> s_authorityEnd = SearchValues.Create("/\\?#");
    private static readonly IdnMapping s_idn = new() { AllowUnassigned = true, UseStd3AsciiRules = false };

    /// <summary>The absolute URL a client opens for a written reference, and its parts.</summary>
    /// <param name="Href">The absolute URL (scheme, <c>//</c>, authority with the host in lowercase ASCII, path with
    /// forward slashes, query and fragment as written), or the trimmed input when it is no absolute web address.</param>
    /// <param name="Scheme">The scheme in lowercase, or an empty string for a relative reference left unresolved.</param>
    /// <param name="Host">The host in lowercase ASCII, for the web schemes (http, https, ftp, ws, wss); otherwise
    /// <see langword="null"/>. Also <see langword="null"/> when a browser would refuse the URL (an invalid host or
    /// port).</param>
    /// <param name="UserInfo">The user information written before the host (<c>user@</c>), or an empty string.</param>
    public readonly record struct Resolved(string Href, string Scheme, string? Host, string UserInfo = "");

    /// <summary>Reads <paramref name="written"/> as a browser does.</summary>
    /// <param name="written">The URL as written (entity-decoded).</param>
    /// <param name="baseUrl">The document's base URL (already resolved), or <see langword="null"/>.</param>
    /// <returns>The absolute URL and its scheme and host.</returns>
    public static Resolved Resolve(string written, Resolved? baseUrl = null)
    {
        var input = Clean(written);
        var schemeLength = SchemeLength(input);
        if (schemeLength < 0)
        {
            // A reference without a scheme: relative to the base, or, without one, to the webmail page showing the
            // message, whose scheme is https (only a "//host" reference then leads to another host).
            if (baseUrl is { Host: not null } b)
            {
                return ResolveRelative(input, b);
            }

            return StartsWithTwoSlashes(input, 0) ? ReadWebAddress("https", input) : new Resolved(input, string.Empty, null);
        }

        var scheme = input[..schemeLength].ToLowerInvariant();
        if (!IsWebScheme(scheme))
        {
            return new Resolved(input, scheme, null);
        }

        var rest = input[(schemeLength + 1)..];
        if (baseUrl is { Host: not null } same && same.Scheme == scheme && !StartsWithTwoSlashes(rest, 0))
        {
            // "https:page" in a document whose base is https is a path relative to that base.
            return ResolveRelative(rest, same);
        }

        return ReadWebAddress(scheme, rest);
    }

    /// <summary>Tells whether a scheme is one of the web's "special" schemes, whose addresses have a host.</summary>
    private static bool IsWebScheme(string scheme) => scheme is "http" or "https" or "ftp" or "ws" or "wss";

    private static string Clean(string written)
    {
        var span = written.AsSpan();
        var start = 0;
        var end = span.Length;
        while (start < end && span[start] <= ' ')
        {
            start++;
        }

        while (end > start && span[end - 1] <= ' ')
        {
            end--;
        }

        span = span[start..end];
        if (span.IndexOfAny('\t', '\n', '\r') < 0)
        {
            return span.Length == written.Length ? written : span.ToString();
        }

        var sb = new StringBuilder(span.Length);
        foreach (var c in span)
        {
            if (c is not ('\t' or '\n' or '\r'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Returns the length of the scheme before its colon, or -1 when the input has none.</summary>
    private static int SchemeLength(string input)
    {
        if (input.Length == 0 || !char.IsAsciiLetter(input[0]))
        {
            return -1;
        }

        for (var i = 1; i < input.Length; i++)
        {
            var c = input[i];
            if (c == ':')
            {
                return i;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return -1;
            }
        }

        return -1;
    }

    private static bool StartsWithTwoSlashes(string s, int at) =>
        s.Length >= at + 2 && s[at] is '/' or '\\' && s[at + 1] is '/' or '\\';

    private static Resolved ReadWebAddress(string scheme, string rest)
    {
        // After a web scheme a browser skips every slash and backslash, however many, and reads the authority.
        var at = 0;
        while (at < rest.Length && rest[at] is '/' or '\\')
        {
            at++;
        }

        var end = rest.AsSpan(at).IndexOfAny(s_authorityEnd);
        end = end < 0 ? rest.Length : at + end;
        var authority = rest[at..end];
        var tail = rest[end..];
        var userInfoEnd = authority.LastIndexOf('@');
        var userInfo = userInfoEnd >= 0 ? authority[..userInfoEnd] : string.Empty;
        var hostPort = authority[(userInfoEnd + 1)..];
        if (!TrySplitPort(hostPort, out var hostText, out var port)
            || ReadHost(hostText) is not { Length: > 0 } host)
        {
            return new Resolved(scheme + "://" + authority + tail, scheme, null);
        }

        var href = new StringBuilder(scheme.Length + authority.Length + tail.Length + 4)
            .Append(scheme).Append("://");
        if (userInfoEnd >= 0)
        {
            href.Append(userInfo).Append('@');
        }

        href.Append(host);
        if (port.Length > 0)
        {
            href.Append(':').Append(port);
        }

        AppendPath(href, tail);
        return new Resolved(href.ToString(), scheme, host, userInfo);
    }

    private static bool TrySplitPort(string hostPort, out string host, out string port)
    {
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0 || (hostPort.StartsWith('[') && hostPort.LastIndexOf(']') > colon))
        {
            host = hostPort;
            port = string.Empty;
            return true;
        }

        host = hostPort[..colon];
        port = hostPort[(colon + 1)..];
        // A browser refuses a port that is not a number below 65,536; leading zeros are dropped; an empty one is none.
        if (port.Length == 0)
        {
            return true;
        }

        var digits = port.TrimStart('0');
        if (port.AsSpan().ContainsAnyExceptInRange('0', '9') || digits.Length > 5)
        {
            return false;
        }

        var number = digits.Length == 0 ? 0 : int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (number > 65535)
        {
            return false;
        }

        port = number.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Appends the path, query and fragment: backslashes in the path are slashes to a browser.</summary>
    private static void AppendPath(StringBuilder href, string tail)
    {
        var query = tail.AsSpan().IndexOfAny('?', '#');
        var path = query < 0 ? tail : tail[..query];
        href.Append(path.Replace('\\', '/'));
        if (query >= 0)
        {
            href.Append(tail.AsSpan(query));
        }
    }

    /// <summary>Reads a host as a browser does, or returns <see langword="null"/> when a browser would refuse it.</summary>
    internal static string? ReadHost(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (text[0] == '[')
        {
            return text[^1] == ']' && System.Net.IPAddress.TryParse(text[1..^1], out var v6)
                && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? text.ToLowerInvariant()
                : null;
        }

        var decoded = text.Contains('%', StringComparison.Ordinal) ? PercentDecode(text) : text;
        if (decoded is null)
        {
            return null;
        }

        string ascii;
        if (decoded.AsSpan().ContainsAnyExceptInRange('\u0000', '\u007f'))
        {
            try
            {
                ascii = s_idn.GetAscii(decoded.TrimEnd('.', '。', '．', '｡')).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                // .NET also applies the hyphen and length rules of IDNA, which browsers do not ("-é.example" opens):
                // map label by label, and keep a label it refuses in lowercase Unicode, so that the rest of the host
                // (its registrable domain above all) is still checked.
                if (MapLabels(decoded) is not { } mapped)
                {
                    return null;
                }

                ascii = mapped;
            }
        }
        else
        {
            ascii = decoded.ToLowerInvariant();
        }

        if (ascii.Length == 0 || ascii.AsSpan().IndexOfAny(s_forbiddenHost) >= 0 || ascii.AsSpan().ContainsAnyInRange('\0', '\u001f') || ascii.Contains('\u007f', StringComparison.Ordinal))
        {
            return null;
        }

        return EndsInANumber(ascii) ? ReadIPv4(ascii) : ascii;
    }

    private static bool IsValidButForHyphens(string label)
    {
        try
        {
            _ = s_idn.GetAscii(label.Replace('-', 'a'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? MapLabels(string host)
    {
        var labels = host.Replace('。', '.').Replace('．', '.').Replace('｡', '.').Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            try
            {
                labels[i] = labels[i].Length == 0 || Ascii.IsValid(labels[i]) ? labels[i].ToLowerInvariant() : s_idn.GetAscii(labels[i]).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                // Kept only when the hyphen rules alone refuse it; a label with a character IDNA disallows (U+FFFD)
                // is refused by browsers too.
                if (!IsValidButForHyphens(labels[i]))
                {
                    return null;
                }

                labels[i] = labels[i].ToLowerInvariant();
            }
        }

        return string.Join('.', labels).TrimEnd('.');
    }

    /// <summary>Percent-decodes a host as UTF-8, or returns <see langword="null"/> when the bytes are not UTF-8.</summary>
    private static string? PercentDecode(string text)
    {
        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
                continue;
            }

            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out _) != OperationStatus.Done)
            {
                // A lone surrogate is no character: no browser host holds one.
                return null;
            }

            var n = rune.EncodeToUtf8(utf8);
            for (var k = 0; k < n; k++)
            {
                bytes.Add(utf8[k]);
            }

            i += rune.Utf16SequenceLength - 1;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Tells whether the host's last label (a trailing dot aside) is a number, which makes it an IPv4
    /// address to a browser.</summary>
    private static bool EndsInANumber(string host)
    {
        var h = host.EndsWith('.') && host.Length > 1 ? host[..^1] : host;
        var last = h[(h.LastIndexOf('.') + 1)..];
        if (last.Length == 0)
        {
            return false;
        }

        if (!last.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return true;
        }

        return last.StartsWith("0x", StringComparison.Ordinal) && !last.AsSpan(2).ContainsAnyExcept(s_lowerHexDigits);
    }

    /// <summary>Reads an IPv4 address written with one to four numbers, each decimal, octal (leading 0) or hexadecimal
    /// (0x), the last one filling the remaining bytes; <see langword="null"/> when a browser would refuse it.</summary>
    private static string? ReadIPv4(string host)
    {
        var parts = host.Split('.');
        if (parts.Length > 1 && parts[^1].Length == 0)
        {
            parts = parts[..^1];
        }

        if (parts.Length > 4)
        {
            return null;
        }

        var numbers = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (ReadIPv4Number(parts[i]) is not { } n)
            {
                return null;
            }

            numbers[i] = n;
        }

        long address = 0;
        for (var i = 0; i < numbers.Length - 1; i++)
        {
            if (numbers[i] > 255)
            {
                return null;
            }

            address |= numbers[i] << (8 * (3 - i));
        }

        var last = numbers[^1];
        if (last >= 1L << (8 * (5 - numbers.Length)))
        {
            return null;
        }

        address += last;
        return string.Create(CultureInfo.InvariantCulture, $"{(address >> 24) & 255}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}");
    }

    private static long? ReadIPv4Number(string part)
    {
        if (part.Length == 0)
        {
            return null;
        }

        var radix = 10;
        var digits = part.AsSpan();
        if (digits.Length >= 2 && digits[0] == '0' && digits[1] is 'x' or 'X')
        {
            radix = 16;
            digits = digits[2..];
        }
        else if (digits.Length >= 2 && digits[0] == '0')
        {
            radix = 8;
            digits = digits[1..];
        }

        long value = 0;
        foreach (var c in digits)
        {
            var d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiHexDigit(c) ? (char.ToLowerInvariant(c) - 'a' + 10) : int.MaxValue;
            if (d >= radix)
            {
                return null;
            }

            value = (value * radix) + d;
            if (value > uint.MaxValue)
            {
                // Past 2^32 the address is refused whatever follows; stop before the number overflows.
                return uint.MaxValue + 1L;
            }
        }

        return value;
    }

    private static Resolved ResolveRelative(string reference, Resolved baseUrl)
    {
        // "//host/page" (or "\\host\page") names its own host, with the base's scheme.
        if (StartsWithTwoSlashes(reference, 0))
        {
            return ReadWebAddress(baseUrl.Scheme, reference);
        }

        // Any other reference stays on the base's host; backslashes in its path are slashes.
        var query = reference.AsSpan().IndexOfAny('?', '#');
        var normalized = query < 0
            ? reference.Replace('\\', '/')
            : string.Concat(reference[..query].Replace('\\', '/'), reference.AsSpan(query));
        return Uri.TryCreate(baseUrl.Href, UriKind.Absolute, out var b) && Uri.TryCreate(b, normalized, out var resolved)
            ? new Resolved(resolved.AbsoluteUri, baseUrl.Scheme, baseUrl.Host)
            : baseUrl;
    }
}
