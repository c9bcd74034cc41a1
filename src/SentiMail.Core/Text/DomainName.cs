using System.Globalization;
using System.Net;

namespace SentiMail.Text;

/// <summary>Helpers for domain names: normalisation to lowercase ASCII and IDN decoding.</summary>
public static class DomainName
{
    private static readonly System.Buffers.SearchValues<char> s_hexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly System.Buffers.SearchValues<char> s_decimal = System.Buffers.SearchValues.Create("0123456789.");
    private static readonly IdnMapping s_idn = new() { AllowUnassigned = true, UseStd3AsciiRules = false };

    /// <summary>Returns the domain in lowercase ASCII (IDN labels as punycode), without a trailing dot or brackets.</summary>
    /// <param name="domain">The domain, in Unicode or ASCII.</param>
    /// <returns>The normalised domain, or an empty string when it is not a valid name.</returns>
    public static string Normalize(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return string.Empty;
        }

        var d = domain.Trim().TrimEnd('.').Trim('[', ']');
        if (d.Length == 0 || d.Length > 253)
        {
            return string.Empty;
        }

        var ascii = true;
        foreach (var c in d)
        {
            if (c > 0x7F)
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            return d.ToLowerInvariant();
        }

        try
        {
            return s_idn.GetAscii(d).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return string.Empty;
        }
    }

    /// <summary>Returns the host of a parsed URL, normalised, or <see langword="null"/> when it is not a valid IDN.</summary>
    /// <param name="uri">An absolute URL.</param>
    /// <returns>The normalised host, or <see langword="null"/> when <see cref="Uri.IdnHost"/> rejects it (it throws for
    /// characters such as U+FFFD, which text with broken encoding easily holds).</returns>
    internal static string? HostOf(Uri uri)
    {
        try
        {
            return Normalize(uri.IdnHost);
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    /// <summary>Decodes punycode labels (<c>xn--</c>) to Unicode.</summary>
    /// <param name="asciiDomain">A normalised ASCII domain.</param>
    /// <returns>The Unicode form, or the input when it holds no IDN label or does not decode.</returns>
    public static string ToUnicode(string asciiDomain)
    {
        ArgumentNullException.ThrowIfNull(asciiDomain);
        if (!asciiDomain.Contains("xn--", StringComparison.Ordinal))
        {
            return asciiDomain;
        }

        try
        {
            return s_idn.GetUnicode(asciiDomain);
        }
        catch (ArgumentException)
        {
            return asciiDomain;
        }
    }

    /// <summary>Tells whether the host is an IP literal (IPv4, IPv6 or an IPv4 written in decimal, octal or hex).</summary>
    /// <param name="host">The host.</param>
    /// <returns><see langword="true"/> for an IP literal.</returns>
    public static bool IsIpLiteral(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var h = host.Trim('[', ']');
        if (h.Length == 0)
        {
            return false;
        }

        if (IPAddress.TryParse(h, out _))
        {
            return true;
        }

        // Hex or decimal single-number hosts such as http://0xC0A80001/ or http://3232235521/.
        if (h.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return h.Length > 2 && h.AsSpan(2).IndexOfAnyExcept(s_hexDigits) < 0;
        }

        return h.AsSpan().IndexOfAnyExcept(s_decimal) < 0 && h.Any(char.IsAsciiDigit);
    }

    /// <summary>Tells whether <paramref name="host"/> is <paramref name="domain"/> or one of its subdomains.</summary>
    /// <param name="host">A normalised host.</param>
    /// <param name="domain">A normalised domain.</param>
    /// <returns><see langword="true"/> when the host is in the domain.</returns>
    public static bool IsSameOrSubdomain(string host, string domain)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(domain);
        return host.Length == domain.Length
            ? string.Equals(host, domain, StringComparison.Ordinal)
            : host.Length > domain.Length && host.EndsWith(domain, StringComparison.Ordinal) && host[^(domain.Length + 1)] == '.';
    }
}
