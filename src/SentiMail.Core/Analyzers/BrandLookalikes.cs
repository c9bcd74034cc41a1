using System.Globalization;
using System.Text;
using SentiMail.Context;
using SentiMail.Rules;
using SentiMail.Text;

namespace SentiMail.Analyzers;

/// <summary>
/// Finds words that imitate a brand's name with look-alike characters, which folding does not read as the name:
/// a capital I or the digit 1 for the l of a lowercase word (<c>PayPaI</c>, <c>Paypa1</c>), a lowercase l or 1 for the
/// I of a word in capitals, 0 for o (<c>Micr0soft</c>), rn for m (<c>rnicrosoft</c>), vv for w; a word mixing Latin with
/// another script's letters (<c>Pаypal</c>, Cyrillic а); and a word written wholly in Cyrillic, Greek or Armenian
/// letters that look Latin (<c>раураӏ</c>) when the message is otherwise written in Latin script, so that Russian or
/// Greek mail is not read for the shapes of its words. Only brand keywords of one word and
/// <see cref="RuleSet.MinLookalikeKeywordLength"/> letters or more are looked for, and a word counts only when it holds
/// such a character or sequence: the name written plainly is the brand's own (folding finds it), and a plain word
/// whose skeleton happens to be a name's (<c>klama</c> and <c>klarna</c>) is no imitation.
/// </summary>
internal static class BrandLookalikes
{
    /// <summary>Returns <paramref name="text"/> with every word that imitates a brand keyword replaced by that keyword
    /// (capitalised when the word is), ready to be folded and matched; the same string when no word does.</summary>
    /// <param name="text">The text as shown.</param>
    /// <param name="context">The message, for its rules and, when a word is written wholly in another script, its
    /// script (<see cref="AnalysisContext.IsLatinScript"/>).</param>
    /// <returns>The text with look-alike names written plainly.</returns>
    /// <remarks>One pass over the text, whose length the caller bounds (a header, a link's text, the visible text).</remarks>
    public static string Resolve(string text, AnalysisContext context)
    {
        var rules = context.Rules;
        if (rules.BrandKeywordSkeletons.Count == 0)
        {
            return text;
        }

        var span = text.AsSpan();
        StringBuilder? resolved = null;
        var copied = 0;
        Span<char> buffer = stackalloc char[Confusables.MaxWordSkeletonLength];
        for (var start = NextWord(span, 0, out var end); start >= 0; start = NextWord(span, end, out end))
        {
            var word = span[start..end];
            if (IsPlainWord(word) || Imitates(word, rules, buffer, context) is not { } keyword)
            {
                continue;
            }

            resolved ??= new StringBuilder(text.Length);
            resolved.Append(span[copied..start]);
            resolved.Append(char.IsUpper(word[0]) ? char.ToUpperInvariant(keyword[0]) : keyword[0]).Append(keyword.AsSpan(1));
            copied = end;
        }

        return resolved is null ? text : resolved.Append(text.AsSpan(copied)).ToString();
    }

    /// <summary>Finds the first word of the subject, a From display name or the visible text written wholly in one
    /// script other than Latin that imitates a brand's name, in a message otherwise written in Latin script.</summary>
    /// <param name="context">The message.</param>
    /// <returns>The word, the brand it imitates and where the word is, or <see langword="null"/>.</returns>
    public static (string Word, int Brand, string Location)? FindWholeScript(AnalysisContext context)
    {
        var rules = context.Rules;
        if (rules.BrandKeywordSkeletons.Count == 0)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[Confusables.MaxWordSkeletonLength];
        foreach (var (location, text) in Texts(context))
        {
            var span = text.AsSpan();

            // Greek, Cyrillic and Armenian letters lie in U+0370–U+058F: text without one has nothing to find.
            if (span.IndexOfAnyInRange('\u0370', '\u058F') < 0)
            {
                continue;
            }

            for (var start = NextWord(span, 0, out var end); start >= 0; start = NextWord(span, end, out end))
            {
                var word = span[start..end];
                if (IsWholeOtherScript(Confusables.GetScripts(word)) && Keyword(word, rules, buffer) is { } k && context.IsLatinScript)
                {
                    return (word.ToString(), rules.KeywordBrand[k], location);
                }
            }
        }

        return null;
    }

    /// <summary>Tells whether the subject, From display names and visible text of a message are written in Latin
    /// script: there are Latin letters, and the letters of other scripts, in words that imitate no brand, are fewer
    /// than a tenth of them. Words mixing scripts count for neither.</summary>
    /// <param name="context">The message.</param>
    /// <returns><see langword="true"/> for Latin-script text.</returns>
    internal static bool IsLatinScript(AnalysisContext context)
    {
        long latin = 0, other = 0;
        Span<char> buffer = stackalloc char[Confusables.MaxWordSkeletonLength];
        foreach (var (_, text) in Texts(context))
        {
            var span = text.AsSpan();
            for (var start = NextWord(span, 0, out var end); start >= 0; start = NextWord(span, end, out end))
            {
                var word = span[start..end];
                var scripts = Confusables.GetScripts(word);
                if (scripts == ScriptSet.Latin)
                {
                    latin += word.Length;
                }
                else if (!scripts.HasFlag(ScriptSet.Latin) && scripts != ScriptSet.None && !(IsWholeOtherScript(scripts) && Keyword(word, context.Rules, buffer) is not null))
                {
                    other += word.Length;
                }
            }
        }

        return latin > 0 && other * 10 < latin;
    }

    private static IEnumerable<(string Location, string Text)> Texts(AnalysisContext context)
    {
        yield return ("header:Subject", context.Subject);
        foreach (var mailbox in context.Senders.FromMailboxes)
        {
            yield return (mailbox.Location, mailbox.DisplayName);
        }

        if (context.Senders.FromMailboxes.Count == 0)
        {
            yield return ("header:From", context.Senders.FromDisplayName);
        }

        yield return ("body", context.VisibleText);
    }

    private static bool IsWholeOtherScript(ScriptSet scripts) => scripts is ScriptSet.Cyrillic or ScriptSet.Greek or ScriptSet.Armenian;

    /// <summary>Returns the keyword a word imitates, or <see langword="null"/>.</summary>
    private static string? Imitates(ReadOnlySpan<char> word, RuleSet rules, Span<char> buffer, AnalysisContext context)
    {
        if (Keyword(word, rules, buffer) is not { } k)
        {
            return null;
        }

        var keyword = rules.BrandKeywordTexts[k];
        var scripts = Confusables.GetScripts(word);
        var imitates = scripts switch
        {
            ScriptSet.Latin or ScriptSet.None => IsDisguised(word, keyword),
            _ when IsWholeOtherScript(scripts) => context.IsLatinScript,
            _ => Confusables.IsMixedScript(word),
        };
        return imitates ? keyword : null;
    }

    /// <summary>Returns the index of the brand keyword whose skeleton is the word's, or <see langword="null"/>.</summary>
    private static int? Keyword(ReadOnlySpan<char> word, RuleSet rules, Span<char> buffer)
    {
        if (word.Length < RuleSet.MinLookalikeKeywordLength || word.Length > Confusables.MaxWordSkeletonLength)
        {
            return null;
        }

        var length = Confusables.WordSkeleton(word, buffer);
        return length >= RuleSet.MinLookalikeKeywordLength && rules.BrandKeywordSkeletons.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(buffer[..length], out var k) ? k : null;
    }

    /// <summary>Tells whether a Latin word whose skeleton is a keyword's is written with a look-alike character or
    /// sequence: a digit or sign, a stroke of the other case (I among lowercase letters, l among capitals), a letter
    /// outside ASCII, or rn, vv or cl where the keyword (of six letters or more) has none. The keyword itself, in any
    /// case, is not.</summary>
    private static bool IsDisguised(ReadOnlySpan<char> word, string keyword)
    {
        // Two letters at least: digits alone are a number or a code.
        if (word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var lowercase = false;
        var letters = 0;
        foreach (var c in word)
        {
            lowercase |= char.IsLower(c) && c != 'l';
            letters += char.IsAsciiLetter(c) ? 1 : 0;
        }

        if (letters < 2)
        {
            return false;
        }

        var sequence = false;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (!char.IsAsciiLetter(c) || (lowercase ? c == 'I' : c == 'l'))
            {
                return true;
            }

            if (i > 0 && (char.ToLowerInvariant(word[i - 1]), char.ToLowerInvariant(c)) is var pair && pair is ('r', 'n') or ('v', 'v') or ('c', 'l')
                && !keyword.Contains(string.Concat(pair.Item1, pair.Item2), StringComparison.OrdinalIgnoreCase))
            {
                sequence = true;
            }
        }

        // Two letters for one (rn for m) also make real words and names of short keywords ("Stearn" and Steam): only a
        // keyword of six letters or more is taken to be imitated that way.
        return sequence && keyword.Length >= MinSequenceKeywordLength;
    }

    /// <summary>The shortest keyword taken to be imitated by two letters drawn as one (rn, vv, cl).</summary>
    private const int MinSequenceKeywordLength = 6;

    /// <summary>Tells, cheaply, whether a word is plain ASCII letters that imitate nothing: lowercase after a first letter
    /// other than I, or capitals only, without rn, vv or cl (what <see cref="IsDisguised"/> would find in them).</summary>
    private static bool IsPlainWord(ReadOnlySpan<char> word)
    {
        bool allUpper = true, lowerAfterFirst = true;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }

            if (char.IsAsciiLetterLower(c))
            {
                allUpper = false;
            }
            else if (i > 0)
            {
                lowerAfterFirst = false;
            }

            if (i > 0 && (char.ToLowerInvariant(word[i - 1]), char.ToLowerInvariant(c)) is ('r', 'n') or ('v', 'v') or ('c', 'l'))
            {
                return false;
            }
        }

        return allUpper || (lowerAfterFirst && word[0] != 'I');
    }

    /// <summary>Finds the next word at or after <paramref name="from"/>: letters, digits, combining marks and characters
    /// that render as nothing, with the signs that imitate letters (<c>$</c>, <c>@</c>, <c>|</c>) between a letter or
    /// digit and a letter.</summary>
    /// <returns>Where the word starts, or -1 when there is none; <paramref name="end"/> is where it ends.</returns>
    private static int NextWord(ReadOnlySpan<char> text, int from, out int end)
    {
        var start = from;
        while (start < text.Length && !IsWordChar(text, start, inWord: false))
        {
            start++;
        }

        end = start;
        if (start >= text.Length)
        {
            return -1;
        }

        while (end < text.Length && IsWordChar(text, end, inWord: true))
        {
            end++;
        }

        return start;
    }

    private static bool IsWordChar(ReadOnlySpan<char> text, int i, bool inWord)
    {
        var c = text[i];
        if (char.IsLetterOrDigit(c) || char.IsSurrogate(c))
        {
            return true;
        }

        if (c is '$' or '@' or '|')
        {
            return inWord && i + 1 < text.Length && char.IsLetter(text[i + 1]);
        }

        return inWord && (DefaultIgnorables.Contains(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark);
    }
}
