using System.Globalization;
using System.Text;

namespace SentiMail.Text;

/// <summary>Makes text taken from a hostile message safe to show: shortened, with control and format characters escaped.</summary>
internal static class TextSanitizer
{
    /// <summary>Shortens <paramref name="value"/> to <paramref name="maxLength"/> characters and escapes control,
    /// bidirectional and zero-width characters as <c>\u{XXXX}</c>, so that evidence can neither inject lines into logs
    /// or terminals nor reorder what a reader sees.</summary>
    public static string ForDisplay(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var needsWork = value.Length > maxLength;
        if (!needsWork)
        {
            foreach (var c in value)
            {
                if (NeedsEscape(c))
                {
                    needsWork = true;
                    break;
                }
            }
        }

        if (!needsWork)
        {
            return value;
        }

        var sb = new StringBuilder(Math.Min(value.Length, maxLength) + 16);
        var visible = 0;
        foreach (var c in value)
        {
            if (visible >= maxLength)
            {
                sb.Append('…');
                break;
            }

            if (NeedsEscape(c))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}");
            }
            else
            {
                sb.Append(c);
            }

            visible++;
        }

        return sb.ToString();
    }

    /// <summary>Tells whether a character is invisible or reorders text: controls, bidi marks and overrides, zero-width characters.</summary>
    public static bool IsInvisibleOrBidi(char c) => c switch
    {
        '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' or '\u180E' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        '\u200E' or '\u200F' or '\u061C' => true,
        _ => false,
    };

    /// <summary>Tells whether a character is a bidirectional override or isolate (used to disguise file names).</summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';

    private static bool NeedsEscape(char c) => char.IsControl(c) || IsInvisibleOrBidi(c);
}
