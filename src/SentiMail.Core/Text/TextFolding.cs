using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace SentiMail.Text;

/// <summary>
/// Folds text for keyword matching: lowercase, accents removed (é→e, œ→oe, ß→ss, ế→e; combining marks, such as the
/// dot of i + U+0307 or the acute accent of e + U+0301, dropped without ending the word), compatibility forms taken as
/// the letters they stand for (full-width Ｖｅｒｉｆｙ, mathematical bold 𝐕𝐞𝐫𝐢𝐟𝐲, ligatures ﬁ: NFKC), look-alike
/// letters without such a decomposition taken as the letter they imitate (Latin alpha ɑ, small capitals ᴘᴀʏᴘᴀʟ, Lisu
/// ꓑ), every run of characters that are not ASCII letters or digits turned into one space, other scripts' letters
/// turned into <c>#</c>, and one space added at each end so that whole-word phrases can be matched as plain
/// substrings. Characters that render as nothing (every Unicode <c>Default_Ignorable_Code_Point</c>: zero-width
/// characters, soft hyphen, invisible operators, variation selectors, tag characters, Hangul fillers, bidirectional
/// controls...) are dropped, so that they cannot split a word the reader sees whole.
/// </summary>
public static class TextFolding
{
    /// <summary>The character standing for any letter outside the Latin alphabet.</summary>
    public const char OtherLetter = '#';

    /// <summary>
    /// Latin letters that Unicode's confusables.txt (UTS #39, security data) takes for one ASCII letter, and that have
    /// no compatibility decomposition saying so.
    /// </summary>
    private static readonly (char Letter, char Ascii)[] s_confusableLatin =
    [
        ('\u0184', 'b'), // LATIN CAPITAL LETTER TONE SIX
        ('\u0196', 'l'), // LATIN CAPITAL LETTER IOTA
        ('\u01A6', 'r'), // LATIN LETTER YR
        ('\u01BD', 's'), // LATIN SMALL LETTER TONE FIVE
        ('\u01C0', 'l'), // LATIN LETTER DENTAL CLICK
        ('\u0251', 'a'), // LATIN SMALL LETTER ALPHA
        ('\u0261', 'g'), // LATIN SMALL LETTER SCRIPT G
        ('\u0263', 'y'), // LATIN SMALL LETTER GAMMA
        ('\u0269', 'i'), // LATIN SMALL LETTER IOTA
        ('\u026F', 'w'), // LATIN SMALL LETTER TURNED M
        ('\u028B', 'u'), // LATIN SMALL LETTER V WITH HOOK
        ('\u1D11', 'o'), // LATIN SMALL LETTER SIDEWAYS O
        ('\u1D83', 'g'), // LATIN SMALL LETTER G WITH PALATAL HOOK
        ('\u1D8C', 'y'), // LATIN SMALL LETTER V WITH PALATAL HOOK
        ('\u1E9D', 'f'), // LATIN SMALL LETTER LONG S WITH HIGH STROKE
        ('\u1EFF', 'y'), // LATIN SMALL LETTER Y WITH LOOP
        ('\uA798', 'f'), // LATIN CAPITAL LETTER F WITH STROKE
        ('\uA799', 'f'), // LATIN SMALL LETTER F WITH STROKE
        ('\uA79F', 'u'), // LATIN SMALL LETTER VOLAPUK UE
        ('\uA7B2', 'j'), // LATIN CAPITAL LETTER J WITH CROSSED-TAIL
        ('\uA7B3', 'x'), // LATIN CAPITAL LETTER CHI
        ('\uA7B4', 'b'), // LATIN CAPITAL LETTER BETA
        ('\uAB32', 'e'), // LATIN SMALL LETTER BLACKLETTER E
        ('\uAB35', 'f'), // LATIN SMALL LETTER LENIS F
        ('\uAB3D', 'o'), // LATIN SMALL LETTER BLACKLETTER O
        ('\uAB47', 'r'), // LATIN SMALL LETTER R WITHOUT HANDLE
        ('\uAB48', 'r'), // LATIN SMALL LETTER DOUBLE R
        ('\uAB4E', 'u'), // LATIN SMALL LETTER U WITH SHORT RIGHT LEG
        ('\uAB52', 'u'), // LATIN SMALL LETTER U WITH LEFT HOOK
        ('\uAB5A', 'y'), // LATIN SMALL LETTER Y WITH SHORT RIGHT LEG
    ];

    /// <summary>
    /// The Latin small capitals, named LATIN LETTER SMALL CAPITAL A to Z in the Unicode character database (there is no
    /// small capital X): capital shapes at the height of lowercase letters, which read as the letter they name.
    /// </summary>
    private static readonly (char Letter, char Ascii)[] s_smallCapitals =
    [
        ('\u1D00', 'a'), ('\u0299', 'b'), ('\u1D04', 'c'), ('\u1D05', 'd'), ('\u1D07', 'e'), ('\uA730', 'f'), ('\u0262', 'g'),
        ('\u029C', 'h'), ('\u026A', 'i'), ('\u1D0A', 'j'), ('\u1D0B', 'k'), ('\u029F', 'l'), ('\u1D0D', 'm'), ('\u0274', 'n'),
        ('\u1D0F', 'o'), ('\u1D18', 'p'), ('\uA7AF', 'q'), ('\u0280', 'r'), ('\uA731', 's'), ('\u1D1B', 't'), ('\u1D1C', 'u'),
        ('\u1D20', 'v'), ('\u1D21', 'w'), ('\u028F', 'y'), ('\u1D22', 'z'),
    ];

    /// <summary>
    /// Letters of the Lisu (Fraser) alphabet, which copies Latin capitals, that confusables.txt takes for a Latin letter.
    /// LISU LETTER I (U+A4F2) is drawn as a capital I and folds as one (confusables.txt goes on to read I as l).
    /// </summary>
    private static readonly (char Letter, char Ascii)[] s_lisu =
    [
        ('\uA4D0', 'b'), ('\uA4D1', 'p'), ('\uA4D2', 'd'), ('\uA4D3', 'd'), ('\uA4D4', 't'), ('\uA4D6', 'g'), ('\uA4D7', 'k'),
        ('\uA4D9', 'j'), ('\uA4DA', 'c'), ('\uA4DC', 'z'), ('\uA4DD', 'f'), ('\uA4DF', 'm'), ('\uA4E0', 'n'), ('\uA4E1', 'l'),
        ('\uA4E2', 's'), ('\uA4E3', 'r'), ('\uA4E6', 'v'), ('\uA4E7', 'h'), ('\uA4EA', 'w'), ('\uA4EB', 'x'), ('\uA4EC', 'y'),
        ('\uA4EE', 'a'), ('\uA4F0', 'e'), ('\uA4F2', 'i'), ('\uA4F3', 'o'), ('\uA4F4', 'u'),
    ];

    /// <summary>Every look-alike letter above, with the ASCII letter it stands for.</summary>
    private static readonly FrozenDictionary<char, char> s_lookalikes =
        s_confusableLatin.Concat(s_smallCapitals).Concat(s_lisu).ToFrozenDictionary(p => p.Letter, p => p.Ascii);

    private static readonly FrozenSet<char> s_smallCapitalSet = s_smallCapitals.Select(p => p.Letter).ToFrozenSet();

    private static readonly string?[] s_latin = BuildLatinTable();

    /// <summary>Letters of the Latin extension and compatibility blocks that fold to ASCII letters or digits, and the
    /// look-alike letters of and beyond the Latin script.</summary>
    private static readonly FrozenDictionary<char, string> s_compatibility = BuildCompatibilityTable();

    /// <summary>Folds <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxLength">The most folded characters produced, the padding spaces aside (see
    /// <see cref="Fold(ReadOnlySpan{char}, StringBuilder, int)"/>).</param>
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
    /// <param name="maxLength">The most folded characters appended, the padding spaces aside. Characters that are
    /// dropped (those that render as nothing, combining marks) and runs of separators folded into one space do not
    /// count, so that padding made of them cannot push what follows out of the limit: reading stops only once that
    /// much folded text is written, or at the end of <paramref name="text"/>. The work is one pass over at most the
    /// whole text, whose length the caller bounds.</param>
    public static void Fold(ReadOnlySpan<char> text, StringBuilder output, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Length == 0 || output[^1] != ' ')
        {
            output.Append(' ');
        }

        var end = (int)Math.Min(int.MaxValue, (long)output.Length + Math.Max(maxLength, 0));
        for (var i = 0; i < text.Length && output.Length < end; i++)
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
            else if (DefaultIgnorables.Contains(c))
            {
                // Characters that render as nothing (zero-width, soft hyphen, invisible operators, variation selectors,
                // Hangul fillers, bidirectional controls...) are there to break keyword matching: drop them.
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
            else if (s_compatibility.TryGetValue(c, out var compatible))
            {
                output.Append(compatible);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // Outside the BMP: mathematical alphanumerics (𝐕, 𝓥, 𝕍...) stand for ASCII letters; other letters are
                // another script's.
                var rune = new Rune(c, text[i + 1]);
                i++;
                if (DefaultIgnorables.Contains(rune.Value))
                {
                    // Tag characters, variation selectors 17–256, shorthand and musical format controls.
                }
                else if (FoldRune(rune) is { } letter)
                {
                    output.Append(letter);
                }
                else if (Rune.IsLetterOrDigit(rune))
                {
                    output.Append(OtherLetter);
                }
                else if (IsCombiningMark(Rune.GetUnicodeCategory(rune)))
                {
                    // A mark belongs to the letter before it.
                }
                else if (output[^1] != ' ')
                {
                    output.Append(' ');
                }
            }
            else if (char.IsLetterOrDigit(c) && c is not (>= '\uA4F8' and <= '\uA4FD'))
            {
                // (The Lisu tone letters are drawn as full stops, commas and colons: they separate.)
                output.Append(OtherLetter);
            }
            else if (IsCombiningMark(CharUnicodeInfo.GetUnicodeCategory(c)))
            {
                // A combining mark (i + U+0307 shows as i, e + U+0301 as é) belongs to the letter before it: accents are
                // dropped, as in precomposed letters, and the word goes on.
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

    /// <summary>Returns the ASCII letter a look-alike letter without a compatibility decomposition stands for: Latin
    /// letters that confusables.txt takes for an ASCII one (ɑ, ɡ...), Latin small capitals (ᴘ, ʏ...), Lisu letters
    /// that copy Latin capitals (ꓑ...).</summary>
    /// <param name="c">A character.</param>
    /// <param name="ascii">The lowercase ASCII letter it stands for.</param>
    /// <returns><see langword="true"/> for a look-alike letter.</returns>
    internal static bool TryGetLookalike(char c, out char ascii) => s_lookalikes.TryGetValue(c, out ascii);

    /// <summary>Tells whether a character is a Latin small capital (ᴀ, ʙ, ᴄ... ᴢ).</summary>
    /// <param name="c">A character.</param>
    /// <returns><see langword="true"/> for a small capital.</returns>
    internal static bool IsSmallCapital(char c) => s_smallCapitalSet.Contains(c);

    /// <summary>Tells whether a character of this category is a non-spacing or enclosing combining mark, which renders
    /// on the letter before it.</summary>
    /// <param name="category">The character's general category.</param>
    /// <returns><see langword="true"/> for Mn and Me.</returns>
    internal static bool IsCombiningMark(UnicodeCategory category) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    /// <summary>Tells whether a letter folds to ASCII letters: a Latin letter, accented or not, or a compatibility form
    /// of one (full-width, mathematical...).</summary>
    /// <param name="rune">A character.</param>
    /// <returns><see langword="true"/> for a letter that folding reads as Latin.</returns>
    internal static bool IsLatinLetter(Rune rune)
    {
        var value = rune.Value;
        if (value < 0x80)
        {
            return char.IsAsciiLetter((char)value);
        }

        string? folded;
        if (!rune.IsBmp)
        {
            folded = FoldRune(rune);
        }
        else if (value >= s_latin.Length || s_latin[value] is not { } latin)
        {
            s_compatibility.TryGetValue((char)value, out folded);
        }
        else
        {
            folded = latin;
        }

        return folded is not null && char.IsAsciiLetter(folded[0]);
    }

    /// <summary>Folds one letter or digit through its compatibility decomposition (NFKD) with combining marks dropped,
    /// when what remains is ASCII letters or digits.</summary>
    private static string? FoldCompatible(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var d in decomposed)
        {
            if (char.IsAsciiLetterOrDigit(d))
            {
                sb.Append(char.ToLowerInvariant(d));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                return null;
            }
        }

        return sb.Length > 0 ? sb.ToString() : null;
    }

    private static string? FoldRune(Rune rune) => rune.Value switch
    {
        >= 0x1D400 and <= 0x1D7FF when Rune.IsLetterOrDigit(rune) => FoldCompatible(rune.ToString()),
        // Enclosed letters drawn as Latin capitals (symbols to Unicode, letters to a reader): squared (🄰), negative
        // circled (🅐) and negative squared (🅰).
        >= 0x1F130 and <= 0x1F149 => ((char)('a' + rune.Value - 0x1F130)).ToString(),
        >= 0x1F150 and <= 0x1F169 => ((char)('a' + rune.Value - 0x1F150)).ToString(),
        >= 0x1F170 and <= 0x1F189 => ((char)('a' + rune.Value - 0x1F170)).ToString(),
        _ => null,
    };

    private static FrozenDictionary<char, string> BuildCompatibilityTable()
    {
        // The blocks whose letters stand for Latin ones: IPA and phonetic extensions, Latin Extended Additional
        // (Vietnamese), super- and subscripts, letterlike symbols, Latin Extended-C/D, ligatures, full-width forms.
        (int First, int Last)[] blocks =
        [
            (0x0250, 0x02AF), (0x1D00, 0x1DBF), (0x1E00, 0x1EFF), (0x2070, 0x209F), (0x2100, 0x214F),
            (0x2C60, 0x2C7F), (0xA720, 0xA7FF), (0xFB00, 0xFB06), (0xFF00, 0xFFEF),
        ];
        var table = new Dictionary<char, string>();

        // Circled Latin letters (Ⓟⓐⓨ) are symbols to Unicode but letters to a reader.
        for (var code = 0x24B6; code <= 0x24E9; code++)
        {
            table[(char)code] = FoldCompatible(((char)code).ToString())!;
        }

        foreach (var (first, last) in blocks)
        {
            for (var code = first; code <= last; code++)
            {
                var c = (char)code;
                if (char.IsLetterOrDigit(c) && FoldCompatible(c.ToString()) is { } folded)
                {
                    table[c] = folded;
                }
            }
        }

        foreach (var (letter, ascii) in s_lookalikes)
        {
            if (letter >= s_latin.Length)
            {
                table[letter] = ascii.ToString();
            }
        }

        return table.ToFrozenDictionary();
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
        foreach (var (letter, ascii) in s_lookalikes)
        {
            if (letter < table.Length)
            {
                table[letter] = ascii.ToString();
            }
        }

        return table;
    }
}
