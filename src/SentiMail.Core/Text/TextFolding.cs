using System.Text;

namespace SentiMail.Text;

/// <summary>
/// Folds text for keyword matching: lowercase, accents removed (é→e, œ→oe, ß→ss), every run of characters that are
/// not ASCII letters or digits turned into one space, other scripts' letters turned into <c>#</c>, and one space
/// added at each end so that whole-word phrases can be matched as plain substrings.
/// </summary>
public static class TextFolding
{
    /// <summary>The character standing for any letter outside the Latin alphabet.</summary>
    public const char OtherLetter = '#';

    private static readonly string?[] s_latin = BuildLatinTable();

    /// <summary>Folds <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxLength">The most characters of input read.</param>
    /// <returns>The folded text, starting and ending with a space.</returns>
    public static string Fold(ReadOnlySpan<char> text, int maxLength = int.MaxValue)
    {
        var sb = new StringBuilder(Math.Min(text.Length, maxLength) + 2);
        Fold(text, sb, maxLength);
        return sb.ToString();
    }

    /// <summary>Folds <paramref name="text"/> into <paramref name="output"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="output">Where to append the folded text.</param>
    /// <param name="maxLength">The most characters of input read.</param>
    public static void Fold(ReadOnlySpan<char> text, StringBuilder output, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Length == 0 || output[^1] != ' ')
        {
            output.Append(' ');
        }

        var limit = Math.Min(text.Length, maxLength);
        for (var i = 0; i < limit; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                output.Append(c);
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                output.Append((char)(c | 0x20));
            }
            else if (TextSanitizer.IsInvisibleOrBidi(c))
            {
                // Zero-width characters and soft hyphens inside a word are there to break keyword matching: drop them.
            }
            else if (c < 0x80 || char.IsWhiteSpace(c))
            {
                if (output[^1] != ' ')
                {
                    output.Append(' ');
                }
            }
            else if (c < s_latin.Length && s_latin[c] is { } folded)
            {
                output.Append(folded);
            }
            else if (char.IsLetterOrDigit(c))
            {
                output.Append(OtherLetter);
            }
            else if (output[^1] != ' ')
            {
                output.Append(' ');
            }
        }

        if (output[^1] != ' ')
        {
            output.Append(' ');
        }
    }

    private static string?[] BuildLatinTable()
    {
        var table = new string?[0x250];
        for (var c = 0xC0; c < table.Length; c++)
        {
            var s = ((char)c).ToString().Normalize(NormalizationForm.FormD);
            if (s.Length > 0 && char.IsAsciiLetter(s[0]))
            {
                table[c] = char.ToLowerInvariant(s[0]).ToString();
            }
        }

        table[0xDF] = "ss";
        table[0xC6] = table[0xE6] = "ae";
        table[0x152] = table[0x153] = "oe";
        table[0xD8] = table[0xF8] = "o";
        table[0x110] = table[0x111] = "d";
        table[0x141] = table[0x142] = "l";
        table[0xDE] = table[0xFE] = "th";
        table[0xD0] = table[0xF0] = "d";
        table[0x131] = "i";
        return table;
    }
}
