using System.Globalization;

namespace SentiMail.Authentication.Spf;

/// <summary>
/// Parses SPF records (RFC 7208 §4.5, §4.6, §5, §6, §7 and the ABNF of Appendix A) in one hand-written pass. The whole
/// record is checked before any term is evaluated, so that a syntax error anywhere gives <see cref="SpfResult.PermError"/>
/// (§4.6).
/// </summary>
internal static class SpfRecordParser
{
    private const string Version = "v=spf1";

    /// <summary>Tells whether a TXT record is an SPF version 1 record: <c>v=spf1</c> (any case) followed by a space or
    /// nothing (RFC 7208 §4.5).</summary>
    /// <param name="text">The TXT record, its strings joined.</param>
    /// <returns>Whether the record is selected as an SPF record.</returns>
    public static bool IsSpfRecord(string text) =>
        text.StartsWith(Version, StringComparison.OrdinalIgnoreCase) && (text.Length == Version.Length || text[Version.Length] == ' ');

    /// <summary>Parses a selected SPF record.</summary>
    /// <param name="text">The record.</param>
    /// <param name="record">The parsed record.</param>
    /// <param name="error">What is wrong, for a <see cref="SpfResult.PermError"/>.</param>
    /// <returns>Whether the record is valid.</returns>
    public static bool TryParse(string text, out SpfRecord? record, out string? error)
    {
        record = null;
        if (!IsSpfRecord(text))
        {
            error = "not an SPF version 1 record";
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != ' ' && c is < '!' or > '~')
            {
                error = string.Create(CultureInfo.InvariantCulture, $"the record holds the character U+{(int)c:X4} at position {i} (only printable ASCII and spaces are allowed)");
                return false;
            }
        }

        var directives = new List<SpfDirective>();
        SpfMacroString? redirect = null;
        SpfMacroString? explanation = null;
        foreach (var term in text[Version.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryGetModifierName(term, out var name))
            {
                var value = term[(name.Length + 1)..];
                if (!TryParseModifier(term, name, value, ref redirect, ref explanation, out error))
                {
                    return false;
                }

                continue;
            }

            if (!TryParseDirective(term, out var directive, out error))
            {
                return false;
            }

            directives.Add(directive!);
        }

        record = new SpfRecord(directives, redirect, explanation);
        error = null;
        return true;
    }

    /// <summary>Quotes record text for a problem description, cut to 64 characters (records can be long, and the
    /// description ends up in logs and reports).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The quoted text.</returns>
    internal static string Quote(string text) => text.Length <= 64 ? $"'{text}'" : $"'{text[..61]}...'";

    private static bool TryGetModifierName(string term, out string name)
    {
        // modifier = name "=" ...; name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
        name = string.Empty;
        if (term.Length == 0 || !char.IsAsciiLetter(term[0]))
        {
            return false;
        }

        var i = 1;
        while (i < term.Length && (char.IsAsciiLetterOrDigit(term[i]) || term[i] is '-' or '_' or '.'))
        {
            i++;
        }

        if (i >= term.Length || term[i] != '=')
        {
            return false;
        }

        name = term[..i];
        return true;
    }

    private static bool TryParseModifier(string term, string name, string value, ref SpfMacroString? redirect, ref SpfMacroString? explanation, out string? error)
    {
        var isRedirect = name.Equals("redirect", StringComparison.OrdinalIgnoreCase);
        var isExplanation = name.Equals("exp", StringComparison.OrdinalIgnoreCase);
        if (!isRedirect && !isExplanation)
        {
            // Unknown modifiers are ignored, but must be well formed (RFC 7208 §6, Appendix A).
            if (!SpfMacroString.TryParse(value, SpfMacroContext.UnknownModifier, out _, out var macroError))
            {
                error = $"invalid modifier {Quote(term)}: {macroError}";
                return false;
            }

            error = null;
            return true;
        }

        if ((isRedirect && redirect is not null) || (isExplanation && explanation is not null))
        {
            error = $"the '{name.ToLowerInvariant()}' modifier appears more than once";
            return false;
        }

        if (!TryParseDomainSpec(value, out var spec, out var specError))
        {
            error = $"invalid modifier {Quote(term)}: {specError}";
            return false;
        }

        if (isRedirect)
        {
            redirect = spec;
        }
        else
        {
            explanation = spec;
        }

        error = null;
        return true;
    }

    private static bool TryParseDirective(string term, out SpfDirective? directive, out string? error)
    {
        directive = null;
        var qualifier = term[0] switch
        {
            '+' => SpfResult.Pass,
            '-' => SpfResult.Fail,
            '~' => SpfResult.SoftFail,
            '?' => SpfResult.Neutral,
            _ => (SpfResult?)null,
        };
        var body = qualifier is null ? term : term[1..];
        var nameEnd = body.AsSpan().IndexOfAny(':', '/');
        var name = nameEnd < 0 ? body : body[..nameEnd];
        var rest = nameEnd < 0 ? string.Empty : body[nameEnd..];
        var result = qualifier ?? SpfResult.Pass;
        var kind = name.ToLowerInvariant() switch
        {
            "all" => SpfMechanismKind.All,
            "include" => SpfMechanismKind.Include,
            "a" => SpfMechanismKind.A,
            "mx" => SpfMechanismKind.Mx,
            "ptr" => SpfMechanismKind.Ptr,
            "ip4" => SpfMechanismKind.Ip4,
            "ip6" => SpfMechanismKind.Ip6,
            "exists" => SpfMechanismKind.Exists,
            _ => (SpfMechanismKind?)null,
        };

        if (kind is null)
        {
            error = $"unknown mechanism {Quote(term)}";
            return false;
        }

        switch (kind.Value)
        {
            case SpfMechanismKind.All:
                if (rest.Length != 0)
                {
                    error = $"'all' takes no argument ({Quote(term)})";
                    return false;
                }

                directive = new SpfDirective(term, result, kind.Value);
                break;

            case SpfMechanismKind.Include or SpfMechanismKind.Exists:
                if (!TryParseRequiredDomain(rest, out var spec, out error))
                {
                    error = $"invalid {Quote(term)}: {error}";
                    return false;
                }

                directive = new SpfDirective(term, result, kind.Value) { DomainSpec = spec };
                break;

            case SpfMechanismKind.Ptr:
                if (!TryParseOptionalDomain(rest, out spec, out error))
                {
                    error = $"invalid {Quote(term)}: {error}";
                    return false;
                }

                directive = new SpfDirective(term, result, kind.Value) { DomainSpec = spec };
                break;

            case SpfMechanismKind.A or SpfMechanismKind.Mx:
                if (!TryParseDualCidr(ref rest, out var ip4Prefix, out var ip6Prefix, out error)
                    || !TryParseOptionalDomain(rest, out spec, out error))
                {
                    error = $"invalid {Quote(term)}: {error}";
                    return false;
                }

                directive = new SpfDirective(term, result, kind.Value) { DomainSpec = spec, Ip4Prefix = ip4Prefix, Ip6Prefix = ip6Prefix };
                break;

            default:
                if (!TryParseNetwork(kind.Value, rest, out directive, term, result, out error))
                {
                    error = $"invalid {Quote(term)}: {error}";
                    return false;
                }

                break;
        }

        error = null;
        return true;
    }

    private static bool TryParseNetwork(SpfMechanismKind kind, string rest, out SpfDirective? directive, string term, SpfResult qualifier, out string? error)
    {
        // IP4 = "ip4" ":" ip4-network [ ip4-cidr-length ]; IP6 = "ip6" ":" ip6-network [ ip6-cidr-length ]
        directive = null;
        if (rest.Length < 2 || rest[0] != ':')
        {
            error = "a network address is required";
            return false;
        }

        var value = rest.AsSpan(1);
        var slash = value.IndexOf('/');
        var network = slash < 0 ? value : value[..slash];
        var isIp4 = kind == SpfMechanismKind.Ip4;
        var max = isIp4 ? 32 : 128;
        var prefix = max;
        if (slash >= 0 && !TryParseCidrLength(value[(slash + 1)..], max, out prefix))
        {
            error = "invalid CIDR length";
            return false;
        }

        System.Net.IPAddress? address;
        if (!(isIp4 ? SpfAddress.TryParseIp4(network, out address) : SpfAddress.TryParseIp6(network, out address)))
        {
            error = isIp4 ? "invalid IPv4 network" : "invalid IPv6 network";
            return false;
        }

        directive = isIp4
            ? new SpfDirective(term, qualifier, kind) { Network = address, Ip4Prefix = prefix }
            : new SpfDirective(term, qualifier, kind) { Network = address, Ip6Prefix = prefix };
        error = null;
        return true;
    }

    private static bool TryParseDualCidr(ref string rest, out int ip4Prefix, out int ip6Prefix, out string? error)
    {
        // dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ], taken from the end of the term.
        ip4Prefix = 32;
        ip6Prefix = 128;
        error = null;
        var digitsStart = DigitsStart(rest, rest.Length);
        if (digitsStart == rest.Length || digitsStart == 0 || rest[digitsStart - 1] != '/')
        {
            return true;
        }

        var isIp6 = digitsStart >= 2 && rest[digitsStart - 2] == '/';
        if (isIp6)
        {
            if (!TryParseCidrLength(rest.AsSpan(digitsStart), 128, out ip6Prefix))
            {
                error = "invalid IPv6 CIDR length";
                return false;
            }

            rest = rest[..(digitsStart - 2)];
            digitsStart = DigitsStart(rest, rest.Length);
            if (digitsStart == rest.Length || digitsStart == 0 || rest[digitsStart - 1] != '/')
            {
                return true;
            }
        }

        if (!TryParseCidrLength(rest.AsSpan(digitsStart), 32, out ip4Prefix))
        {
            error = "invalid IPv4 CIDR length";
            return false;
        }

        rest = rest[..(digitsStart - 1)];
        return true;
    }

    private static int DigitsStart(string text, int end)
    {
        var i = end;
        while (i > 0 && char.IsAsciiDigit(text[i - 1]))
        {
            i--;
        }

        return i;
    }

    private static bool TryParseCidrLength(ReadOnlySpan<char> digits, int max, out int value)
    {
        // ip4-cidr-length = "/" ( "0" / %x31-39 0*1DIGIT ); ip6-cidr-length = "/" ( "0" / %x31-39 0*2DIGIT )
        value = 0;
        if (digits.IsEmpty || digits.Length > 3 || (digits.Length > 1 && digits[0] == '0'))
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return value <= max;
    }

    private static bool TryParseRequiredDomain(string rest, out SpfMacroString? spec, out string? error)
    {
        spec = null;
        if (rest.Length == 0 || rest[0] != ':')
        {
            error = "a domain is required";
            return false;
        }

        return TryParseDomainSpec(rest[1..], out spec, out error);
    }

    private static bool TryParseOptionalDomain(string rest, out SpfMacroString? spec, out string? error)
    {
        spec = null;
        error = null;
        if (rest.Length == 0)
        {
            return true;
        }

        if (rest[0] != ':')
        {
            error = "unexpected text after the mechanism name";
            return false;
        }

        return TryParseDomainSpec(rest[1..], out spec, out error);
    }

    private static bool TryParseDomainSpec(string text, out SpfMacroString? spec, out string? error)
    {
        // domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand
        if (text.Length == 0)
        {
            spec = null;
            error = "the domain is empty";
            return false;
        }

        if (!SpfMacroString.TryParse(text, SpfMacroContext.DomainSpec, out spec, out error))
        {
            return false;
        }

        if (!spec!.HasValidDomainEnd())
        {
            spec = null;
            error = $"{Quote(text)} does not end with a macro or a valid top-level label";
            return false;
        }

        return true;
    }
}
