using System.Globalization;

namespace SentiMail.Authentication.Spf;

/// <summary>Domain-name checks of RFC 7208 (§4.3 for the checked domain, §7.3 for macro expansions).</summary>
internal static class SpfDomainName
{
    private const int MaxLabelLength = 63;

    /// <summary>Checks the <c>&lt;domain&gt;</c> given to <c>check_host()</c> (RFC 7208 §4.3): one trailing dot is
    /// dropped, Unicode labels become punycode, and the name must have at least two labels of 1 to 63 visible ASCII
    /// characters and at most 253 characters.</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="normalized">The usable name.</param>
    /// <param name="problem">Why the name is not usable.</param>
    /// <returns>Whether the name can be checked; when not, <c>check_host()</c> returns <see cref="SpfResult.None"/>.</returns>
    public static bool TryNormalizeCheckedDomain(string domain, out string normalized, out string? problem)
    {
        normalized = domain.EndsWith('.') ? domain[..^1] : domain;
        if (normalized.Length == 0)
        {
            problem = "the domain is empty";
            return false;
        }

        if (normalized[0] == '[')
        {
            problem = "the domain is an address literal";
            return false;
        }

        if (!IsAscii(normalized))
        {
            if (normalized.Length > SpfMacroString.MaxDomainLength)
            {
                problem = "the domain is longer than 253 characters";
                return false;
            }

            try
            {
                // A new mapping per call: IdnMapping instances are not documented as thread-safe (and Unicode domains are rare).
                normalized = new IdnMapping().GetAscii(normalized);
            }
            catch (ArgumentException)
            {
                problem = "the domain is not a valid internationalized domain name";
                return false;
            }
        }

        if (normalized.Length > SpfMacroString.MaxDomainLength)
        {
            problem = "the domain is longer than 253 characters";
            return false;
        }

        foreach (var c in normalized)
        {
            if (c is < '!' or > '~')
            {
                problem = "the domain holds spaces or control characters";
                return false;
            }
        }

        if (!HasValidLabels(normalized))
        {
            problem = "the domain has an empty label or a label longer than 63 characters";
            return false;
        }

        if (!normalized.Contains('.', StringComparison.Ordinal))
        {
            problem = "the domain is not a multi-label domain name";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>Finishes a macro expansion used as a domain name (RFC 7208 §7.3): one trailing dot is dropped, then whole
    /// labels are removed from the left until at most 253 characters remain.</summary>
    /// <param name="expanded">The raw expansion.</param>
    /// <returns>The name, or <see langword="null"/> when it has an empty or over-long label, or nothing is left.</returns>
    public static string? FinishExpanded(string expanded)
    {
        var span = expanded.AsSpan();
        if (span.EndsWith("."))
        {
            span = span[..^1];
        }

        while (span.Length > SpfMacroString.MaxDomainLength)
        {
            var dot = span.IndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            span = span[(dot + 1)..];
        }

        return span.Length > 0 && HasValidLabels(span) ? span.ToString() : null;
    }

    /// <summary>Tells whether <paramref name="name"/> equals <paramref name="domain"/> or is a subdomain of it, ignoring
    /// case and trailing dots.</summary>
    /// <param name="name">The name.</param>
    /// <param name="domain">The domain.</param>
    /// <returns>Whether the name is the domain or under it.</returns>
    public static bool IsSameOrSubdomain(string name, string domain)
    {
        var n = name.AsSpan().TrimEnd('.');
        var d = domain.AsSpan().TrimEnd('.');
        if (d.IsEmpty || !n.EndsWith(d, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return n.Length == d.Length || n[n.Length - d.Length - 1] == '.';
    }

    /// <summary>Tells whether a host name returned by DNS (an MX exchange, a PTR name) can be looked up: not empty (a null
    /// MX is <c>.</c>), at most 253 characters, no empty label and no label over 63 characters.</summary>
    /// <param name="name">The name, with or without its trailing dot.</param>
    /// <returns>Whether the name can be queried.</returns>
    public static bool IsQueryable(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var span = name.AsSpan().TrimEnd('.');
        return span.Length is > 0 and <= SpfMacroString.MaxDomainLength && HasValidLabels(span);
    }

    private static bool HasValidLabels(ReadOnlySpan<char> name)
    {
        var labelLength = 0;
        foreach (var c in name)
        {
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    return false;
                }

                labelLength = 0;
            }
            else if (++labelLength > MaxLabelLength)
            {
                return false;
            }
        }

        return labelLength > 0;
    }

    private static bool IsAscii(string text)
    {
        foreach (var c in text)
        {
            if (c > '\u007F')
            {
                return false;
            }
        }

        return true;
    }
}
