using System.Text;

namespace SentiMail.Authentication.Spf;

/// <summary>Where a macro-string appears, which decides the macro letters and characters it may hold (RFC 7208 §7.1).</summary>
internal enum SpfMacroContext
{
    /// <summary>A <c>domain-spec</c> of a mechanism, <c>redirect=</c> or <c>exp=</c>: no <c>c</c>, <c>r</c>, <c>t</c>.</summary>
    DomainSpec,

    /// <summary>The value of an unknown modifier: never expanded, so every macro letter is accepted.</summary>
    UnknownModifier,

    /// <summary>An explanation string fetched for <c>exp=</c>: every macro letter, and spaces.</summary>
    Explanation,
}

/// <summary>
/// A parsed macro-string (RFC 7208 §7.1): literal text, the escapes <c>%%</c> <c>%_</c> <c>%-</c>, and macros such as
/// <c>%{l1r-}</c>. Parsing is a single hand-written pass (no regular expression); expansion output is bounded.
/// </summary>
internal sealed class SpfMacroString
{
    /// <summary>The longest explanation returned; longer expansions are cut (explanations end up in SMTP replies,
    /// whose lines are limited to 512 octets anyway).</summary>
    internal const int MaxExplanationLength = 1024;

    /// <summary>The longest domain name (RFC 7208 §7.3: longer expansions lose labels on the left).</summary>
    internal const int MaxDomainLength = 253;

    // While a domain is expanded, only its right-hand part can survive the left truncation; beyond this length the left
    // part is dropped as the expansion goes, so memory stays bounded whatever the record and the identities hold.
    private const int DomainKeepLength = 4096;
    private const int MaxDigits = 1000;
    private const string Delimiters = ".-+,/_=";

    private readonly Token[] _tokens;

    private SpfMacroString(Token[] tokens, string text)
    {
        _tokens = tokens;
        Text = text;
    }

    /// <summary>Gets the macro-string as written.</summary>
    public string Text { get; }

    /// <summary>Gets a value indicating whether the string uses the <c>%{p}</c> macro (which needs DNS lookups).</summary>
    public bool UsesValidatedDomain
    {
        get
        {
            foreach (var token in _tokens)
            {
                if (token.Kind == TokenKind.Macro && token.Letter == 'p')
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Parses a macro-string.</summary>
    /// <param name="text">The text.</param>
    /// <param name="context">Where it appears.</param>
    /// <param name="result">The parsed string.</param>
    /// <param name="error">Why it is invalid.</param>
    /// <returns>Whether the text is a valid macro-string.</returns>
    public static bool TryParse(string text, SpfMacroContext context, out SpfMacroString? result, out string? error)
    {
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '%')
            {
                var allowed = c is >= '!' and <= '~' || (c == ' ' && context == SpfMacroContext.Explanation);
                if (!allowed)
                {
                    return Fail($"character U+{(int)c:X4} is not allowed", out result, out error);
                }

                literal.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= text.Length)
            {
                return Fail("'%' at the end of a macro-string", out result, out error);
            }

            var next = text[i + 1];
            if (next is '%' or '_' or '-')
            {
                FlushLiteral(tokens, literal);
                tokens.Add(new Token(TokenKind.Escape, next switch { '%' => "%", '_' => " ", _ => "%20" }, '\0', false, 0, false, null));
                i += 2;
                continue;
            }

            if (next != '{')
            {
                return Fail($"'%{next}' is not a macro (use %%, %_, %- or %{{...}})", out result, out error);
            }

            if (!TryParseMacro(text, i + 2, context, out var token, out var end, out error))
            {
                result = null;
                return false;
            }

            FlushLiteral(tokens, literal);
            tokens.Add(token);
            i = end;
        }

        FlushLiteral(tokens, literal);
        result = new SpfMacroString([.. tokens], text);
        error = null;
        return true;
    }

    /// <summary>Tells whether the string ends as a <c>domain-spec</c> must: with a macro, or with <c>"." toplabel</c>
    /// and an optional dot (RFC 7208 §7.1).</summary>
    /// <returns>Whether the domain end is valid.</returns>
    public bool HasValidDomainEnd()
    {
        if (_tokens.Length == 0)
        {
            return false;
        }

        var last = _tokens[^1];
        if (last.Kind != TokenKind.Literal)
        {
            return true;
        }

        var span = last.Text.AsSpan();
        if (span.EndsWith("."))
        {
            span = span[..^1];
        }

        var dot = span.LastIndexOf('.');
        return dot >= 0 && IsTopLabel(span[(dot + 1)..]);
    }

    /// <summary>Expands the string into a domain name: trailing dot removed, left labels dropped past 253 characters
    /// (RFC 7208 §7.3), then checked to be a name DNS can look up.</summary>
    /// <param name="values">The macro values.</param>
    /// <returns>The name, or <see langword="null"/> when the expansion is not a usable domain name (an empty label, a
    /// label over 63 characters, or nothing left).</returns>
    public string? ExpandDomain(SpfMacroValues values)
    {
        var builder = new StringBuilder();
        foreach (var token in _tokens)
        {
            Append(builder, token, values);
            if (builder.Length > 2 * DomainKeepLength)
            {
                builder.Remove(0, builder.Length - DomainKeepLength);
            }
        }

        return SpfDomainName.FinishExpanded(builder.ToString());
    }

    /// <summary>Expands the string as an explanation (RFC 7208 §6.2), cut at <see cref="MaxExplanationLength"/>.</summary>
    /// <param name="values">The macro values.</param>
    /// <returns>The explanation.</returns>
    public string ExpandExplanation(SpfMacroValues values)
    {
        var builder = new StringBuilder();
        foreach (var token in _tokens)
        {
            Append(builder, token, values);
            if (builder.Length >= MaxExplanationLength)
            {
                builder.Length = MaxExplanationLength;
                break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Tells whether a label is a <c>toplabel</c>: letters, digits and inner dashes, not all digits.</summary>
    /// <param name="label">The label.</param>
    /// <returns>Whether it is valid.</returns>
    internal static bool IsTopLabel(ReadOnlySpan<char> label)
    {
        // toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
        if (label.IsEmpty || !char.IsAsciiLetterOrDigit(label[0]) || !char.IsAsciiLetterOrDigit(label[^1]))
        {
            return false;
        }

        var hasLetter = false;
        var hasDash = false;
        foreach (var c in label)
        {
            if (char.IsAsciiLetter(c))
            {
                hasLetter = true;
            }
            else if (c == '-')
            {
                hasDash = true;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return hasLetter || hasDash;
    }

    private static void Append(StringBuilder builder, Token token, SpfMacroValues values)
    {
        if (token.Kind != TokenKind.Macro)
        {
            builder.Append(token.Text);
            return;
        }

        var value = values.Get(token.Letter);
        var transformed = Transform(value, token);
        if (token.UrlEncode)
        {
            AppendUrlEncoded(builder, transformed);
        }
        else
        {
            builder.Append(transformed);
        }
    }

    private static string Transform(string value, Token token)
    {
        var delimiters = token.Delimiters;
        if (token.Digits == 0 && !token.Reverse && (delimiters is null || delimiters == "."))
        {
            return value;
        }

        var parts = value.Split((delimiters ?? ".").ToCharArray());
        if (token.Reverse)
        {
            Array.Reverse(parts);
        }

        var start = token.Digits > 0 && token.Digits < parts.Length ? parts.Length - token.Digits : 0;
        return string.Join('.', parts, start, parts.Length - start);
    }

    private static void AppendUrlEncoded(StringBuilder builder, string value)
    {
        // RFC 7208 §7.3: uppercase macros are URL-escaped: everything outside RFC 3986 "unreserved" is %-encoded (UTF-8).
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
                continue;
            }

            int length;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                length = new Rune(c, value[i + 1]).EncodeToUtf8(utf8);
                i++;
            }
            else
            {
                length = (Rune.IsValid(c) ? new Rune(c) : Rune.ReplacementChar).EncodeToUtf8(utf8);
            }

            for (var b = 0; b < length; b++)
            {
                builder.Append('%').Append(HexDigit(utf8[b] >> 4)).Append(HexDigit(utf8[b] & 0xF));
            }
        }
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static bool TryParseMacro(string text, int start, SpfMacroContext context, out Token token, out int end, out string? error)
    {
        // macro-expand = "%{" macro-letter transformers *delimiter "}"; transformers = *DIGIT [ "r" ]
        token = default;
        end = start;
        if (start >= text.Length)
        {
            error = "unterminated macro";
            return false;
        }

        var raw = text[start];
        var letter = char.ToLowerInvariant(raw);
        if ("slodiphv".IndexOf(letter, StringComparison.Ordinal) < 0)
        {
            if ("crt".IndexOf(letter, StringComparison.Ordinal) < 0)
            {
                error = $"'%{{{raw}' is not a macro letter";
                return false;
            }

            if (context == SpfMacroContext.DomainSpec)
            {
                error = $"the macro letter '{raw}' is only allowed in explanations";
                return false;
            }
        }

        var i = start + 1;
        var digits = 0;
        var hasDigits = false;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            digits = Math.Min(MaxDigits, (digits * 10) + (text[i] - '0'));
            hasDigits = true;
            i++;
        }

        if (hasDigits && digits == 0)
        {
            error = "a macro's digit transformer must not be zero";
            return false;
        }

        var reverse = false;
        if (i < text.Length && text[i] is 'r' or 'R')
        {
            reverse = true;
            i++;
        }

        var delimiterStart = i;
        while (i < text.Length && Delimiters.Contains(text[i], StringComparison.Ordinal))
        {
            i++;
        }

        if (i >= text.Length || text[i] != '}')
        {
            error = "malformed macro (expected '}')";
            return false;
        }

        var delimiters = i > delimiterStart ? text[delimiterStart..i] : null;
        token = new Token(TokenKind.Macro, string.Empty, letter, char.IsAsciiLetterUpper(raw), digits, reverse, delimiters);
        end = i + 1;
        error = null;
        return true;
    }

    private static void FlushLiteral(List<Token> tokens, StringBuilder literal)
    {
        if (literal.Length > 0)
        {
            tokens.Add(new Token(TokenKind.Literal, literal.ToString(), '\0', false, 0, false, null));
            literal.Clear();
        }
    }

    private static bool Fail(string message, out SpfMacroString? result, out string? error)
    {
        result = null;
        error = message;
        return false;
    }

    private enum TokenKind
    {
        Literal,
        Escape,
        Macro,
    }

    private readonly record struct Token(TokenKind Kind, string Text, char Letter, bool UrlEncode, int Digits, bool Reverse, string? Delimiters);
}
