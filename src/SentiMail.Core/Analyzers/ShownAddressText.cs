using System.Globalization;
using System.Text;
using SentiMail.Text;

namespace SentiMail.Analyzers;

/// <summary>
/// Rewrites a display name as a reader takes it in before it is searched for an address or a domain: invisible and
/// format characters dropped (<c>paypal&#x2063;.com</c>), compatibility forms replaced by what they stand for (NFKC:
/// full-width <c>＠</c> and <c>．</c>, the one-dot leader <c>․</c>), and the characters that read as a dot between two
/// names (ideographic full stop <c>。</c>, middle dot, Arabic and Syriac full stops...) written as one.
/// </summary>
internal static class ShownAddressText
{
    /// <summary>The most characters of a display name read, those that render as nothing aside: far more than any
    /// client shows.</summary>
    internal const int MaxLength = 2048;

    /// <summary>Returns the display name rewritten for address matching; the same string when nothing changed.</summary>
    /// <param name="displayName">The decoded display name.</param>
    /// <returns>The rewritten name.</returns>
    public static string Normalize(string displayName)
    {
        if (Ascii.IsValid(displayName))
        {
            return displayName.Length > MaxLength ? displayName[..MaxLength] : displayName;
        }

        // The limit counts what is kept, so that padding of invisible characters cannot push the address out of it.
        var sb = new StringBuilder(Math.Min(displayName.Length, MaxLength));
        foreach (var rune in displayName.EnumerateRunes())
        {
            if (sb.Length >= MaxLength)
            {
                break;
            }

            // Characters that render as nothing (every default-ignorable one, bidi controls included) and other
            // format characters.
            if (!DefaultIgnorables.Contains(rune.Value) && !(rune.IsBmp && TextSanitizer.IsInvisibleOrBidi((char)rune.Value)) && Rune.GetUnicodeCategory(rune) != UnicodeCategory.Format)
            {
                sb.Append(rune.ToString());
            }
        }

        // EnumerateRunes replaced lone surrogates, so the text normalises; dots are mapped after NFKC, which turns some
        // characters into the ones mapped (the Greek ano teleia into a middle dot).
        var normalized = sb.ToString().Normalize(NormalizationForm.FormKC);
        sb.Clear();
        foreach (var c in normalized)
        {
            sb.Append(ReadsAsDot(c) ? '.' : c);
        }

        return sb.ToString();
    }

    /// <summary>Tells whether a character reads as a full stop between two names: the full stops IDNA takes as dots
    /// (ideographic, half-width ideographic; the full-width one is NFKC's) and the dots that look like one (middle dot,
    /// hyphenation point, bullet and dot operators, Arabic, Syriac, Vai and Lisu full stops, word-separator middle dot).</summary>
    private static bool ReadsAsDot(char c) => c is '\u3002' or '\uFF61' or '\u00B7' or '\u2027' or '\u2219' or '\u22C5' or '\u06D4' or '\u0701'
        or '\u0702' or '\uA4F8' or '\uA60E' or '\u2E31';
}
