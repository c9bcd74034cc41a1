using System.Collections.Frozen;
using System.Text;

namespace SentiMail.Text;

/// <summary>
/// Reduces strings to a "skeleton" in which look-alike characters are equal (Cyrillic "а" and Latin "a", "0" and
/// "o", "rn" and "m"...), after the idea of Unicode TR #39 confusable detection, and tells which scripts a word mixes.
/// </summary>
public static class Confusables
{
    private static readonly FrozenDictionary<char, char> s_map = new Dictionary<char, char>
    {
        // Cyrillic
        ['а'] = 'a', ['в'] = 'b', ['е'] = 'e', ['ё'] = 'e', ['к'] = 'k', ['м'] = 'm', ['н'] = 'h', ['о'] = 'o', ['р'] = 'p',
        ['с'] = 'c', ['т'] = 't', ['у'] = 'y', ['х'] = 'x', ['ѕ'] = 's', ['і'] = 'l', ['ї'] = 'l', ['ј'] = 'j', ['һ'] = 'h',
        ['ԁ'] = 'd', ['ԛ'] = 'q', ['ԝ'] = 'w', ['ӏ'] = 'l', ['ո'] = 'n', ['ս'] = 'u', ['օ'] = 'o', ['ց'] = 'g',
        // Greek
        ['α'] = 'a', ['β'] = 'b', ['ε'] = 'e', ['ι'] = 'l', ['κ'] = 'k', ['ν'] = 'v', ['ο'] = 'o', ['ρ'] = 'p', ['τ'] = 't',
        ['υ'] = 'u', ['χ'] = 'x', ['ω'] = 'w', ['η'] = 'n',
        // Latin look-alikes and digits
        ['0'] = 'o', ['1'] = 'l', ['i'] = 'l', ['|'] = 'l', ['3'] = 'e', ['5'] = 's', ['$'] = 's', ['@'] = 'a', ['ı'] = 'l',
        ['ɑ'] = 'a', ['ɡ'] = 'g', ['ɩ'] = 'l', ['ʏ'] = 'y', ['ℓ'] = 'l', ['ⅰ'] = 'l', ['ⅼ'] = 'l', ['ｏ'] = 'o',
    }.ToFrozenDictionary();

    /// <summary>Returns the skeleton of a domain label or word: lowercase, accents removed, look-alike characters and
    /// sequences (<c>rn</c>→<c>m</c>, <c>vv</c>→<c>w</c>, <c>cl</c>→<c>d</c>) replaced by one representative.</summary>
    /// <param name="value">A label or word (Unicode).</param>
    /// <returns>The skeleton.</returns>
    public static string Skeleton(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var decomposed = value.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (!s_map.TryGetValue(c, out var mapped))
            {
                // Small capitals, Lisu letters and other look-alikes folding knows (ᴘ→p, ꓑ→p, ɪ→i→l).
                mapped = TextFolding.TryGetLookalike(c, out var ascii) ? s_map.GetValueOrDefault(ascii, ascii) : c;
            }

            sb.Append(mapped);
        }

        return sb.Replace("rn", "m").Replace("vv", "w").Replace("cl", "d").ToString();
    }

    /// <summary>The most characters of a word <see cref="WordSkeleton"/> reads.</summary>
    internal const int MaxWordSkeletonLength = 64;

    /// <summary>
    /// Writes the skeleton of one word as a reader may take it, keeping apart what a plain <see cref="Skeleton"/>
    /// merges: letter case decides what the strokes I, l, 1 and | stand for (UTS #39 maps the capital I to l before any
    /// case folding). In a word with lowercase letters they read as a lowercase l (<c>PayPaI</c>, <c>Paypa1</c>: paypal);
    /// among capitals as a capital I (<c>MlCROSOFT</c>, <c>M1CROSOFT</c>: microsoft). A lowercase i stays an i
    /// (<c>paypai</c> is no paypal). Digits and signs that imitate letters are read as them (0 o, 3 e, 5 s, $ s, @ a),
    /// other scripts' look-alike letters as the Latin ones (Cyrillic <c>раураӏ</c>: paypal), and the sequences rn, vv and
    /// cl as m, w and d. Characters that render as nothing and combining marks are skipped.
    /// </summary>
    /// <param name="word">A word: letters, digits and the signs above.</param>
    /// <param name="destination">Where to write the skeleton; <see cref="MaxWordSkeletonLength"/> characters will do.</param>
    /// <returns>The skeleton's length, or -1 when the word holds a character without a Latin reading (another
    /// script's letter that imitates none, a letter with an accent) or is too long.</returns>
    internal static int WordSkeleton(ReadOnlySpan<char> word, Span<char> destination)
    {
        var lowercase = false;
        foreach (var c in word)
        {
            lowercase |= char.IsLower(c) && c != 'l';
        }

        var length = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            char mapped;
            if (char.IsSurrogate(c))
            {
                // Outside the BMP, only characters that render as nothing (tag characters, variation selectors) are
                // skipped; any other has no reading here.
                if (char.IsHighSurrogate(c) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) && DefaultIgnorables.Contains(char.ConvertToUtf32(c, word[i + 1])))
                {
                    i++;
                    continue;
                }

                return -1;
            }

            if (c is 'I' or 'l' or '1' or '|' or '\u04CF' or '\u04C0' or '\u2113' or '\u217C')
            {
                // The vertical strokes: Latin I and l, the digit one, the bar, Cyrillic palochka, script and Roman l.
                mapped = lowercase ? 'l' : 'i';
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                mapped = c switch
                {
                    '0' => 'o',
                    '3' => 'e',
                    '5' => 's',
                    _ => char.ToLowerInvariant(c),
                };
            }
            else if (c is '$' or '@')
            {
                mapped = c == '$' ? 's' : 'a';
            }
            else if (DefaultIgnorables.Contains(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            else
            {
                var lower = char.ToLowerInvariant(c);
                if (lower is '\u0456' or '\u0457' or '\u03B9' or '\u0131' or '\u0269' or '\u2170' or '\u026A')
                {
                    // Letters drawn as a dotted or dotless i (Cyrillic і and ї, Greek iota, dotless i, Latin iota, small
                    // capital I, Roman numeral one): an i, not the l that Skeleton merges them with.
                    mapped = 'i';
                }
                else if (s_map.TryGetValue(lower, out var latin) || TextFolding.TryGetLookalike(lower, out latin))
                {
                    mapped = latin;
                }
                else
                {
                    return -1;
                }
            }

            if (length == destination.Length || length == MaxWordSkeletonLength)
            {
                return -1;
            }

            // rn, vv and cl read as m, w and d.
            if (length > 0 && (destination[length - 1], mapped) is ('r', 'n') or ('v', 'v') or ('c', 'l'))
            {
                destination[length - 1] = mapped switch
                {
                    'n' => 'm',
                    'v' => 'w',
                    _ => 'd',
                };
                continue;
            }

            destination[length++] = mapped;
        }

        return length;
    }

    /// <summary>Returns the scripts the letters of <paramref name="word"/> belong to.</summary>
    /// <param name="word">A word or domain label.</param>
    /// <returns>The set of scripts found.</returns>
    public static ScriptSet GetScripts(ReadOnlySpan<char> word)
    {
        var set = ScriptSet.None;
        foreach (var c in word)
        {
            set |= ScriptOf(c);
        }

        return set;
    }

    /// <summary>
    /// Tells whether a word mixes Latin letters with Cyrillic, Greek, Armenian or Lisu ones, or plain Latin letters
    /// with small capitals or the Latin alpha or script g (ᴘaypal, pɑypɑl), a homograph trick. Phonetic transcriptions
    /// mix such letters too: a word that also holds another letter of the IPA or phonetic blocks or a modifier letter
    /// (ə, ʃ, ˈ, ː...) does not count.
    /// </summary>
    /// <param name="word">A word or domain label.</param>
    /// <returns><see langword="true"/> for a mixed-script word.</returns>
    public static bool IsMixedScript(ReadOnlySpan<char> word)
    {
        var scripts = GetScripts(word);
        if (!scripts.HasFlag(ScriptSet.Latin))
        {
            return false;
        }

        if ((scripts & (ScriptSet.Cyrillic | ScriptSet.Greek | ScriptSet.Armenian | ScriptSet.Lisu)) != 0)
        {
            return true;
        }

        bool plain = false, lookalike = false;
        foreach (var c in word)
        {
            if (char.IsAsciiLetter(c))
            {
                plain = true;
            }
            else if (c is '\u0251' or '\u0261' || TextFolding.IsSmallCapital(c))
            {
                lookalike = true;
            }
            else if (c is (>= '\u0250' and <= '\u02FF') or (>= '\u1D00' and <= '\u1DBF'))
            {
                return false;
            }
        }

        return plain && lookalike;
    }

    private static ScriptSet ScriptOf(char c) => c switch
    {
        >= 'a' and <= 'z' or >= 'A' and <= 'Z' => ScriptSet.Latin,
        >= '\u00C0' and <= '\u024F' when char.IsLetter(c) => ScriptSet.Latin,
        >= '\u0370' and <= '\u03FF' => ScriptSet.Greek,
        >= '\u0400' and <= '\u052F' => ScriptSet.Cyrillic,
        >= '\u0530' and <= '\u058F' => ScriptSet.Armenian,
        >= '\uA4D0' and <= '\uA4FD' => ScriptSet.Lisu,
        _ when c is '\u0251' or '\u0261' || TextFolding.IsSmallCapital(c) => ScriptSet.Latin,
        _ when char.IsLetter(c) => ScriptSet.Other,
        _ => ScriptSet.None,
    };
}

/// <summary>Scripts found in a word.</summary>
[Flags]
public enum ScriptSet
{
    /// <summary>No letter.</summary>
    None = 0,

    /// <summary>Latin letters.</summary>
    Latin = 1,

    /// <summary>Cyrillic letters.</summary>
    Cyrillic = 2,

    /// <summary>Greek letters.</summary>
    Greek = 4,

    /// <summary>Armenian letters.</summary>
    Armenian = 8,

    /// <summary>Letters of any other script.</summary>
    Other = 16,

    /// <summary>Lisu letters, many of which copy Latin capitals (ꓑ, ꓮ, ꓲ...).</summary>
    Lisu = 32,
}
