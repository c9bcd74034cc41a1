namespace SentiMail.MachineLearning.Features;

/// <summary>
/// Tells whether a message reads as English, the language of the shipped model's training corpus, by counting common
/// English function words against common French, German and Spanish ones. The model's opinion on mail in those
/// languages is not reliable (it learned that such mail in 2002 was mostly spam), so the analyzer lets it abstain there.
/// Languages that share those words (Italian and Portuguese: "la", "il", "con", "para", "que"...) often count as other
/// too. Other languages are not recognised: mail in Russian or Chinese, for one, counts as English or unknown.
/// </summary>
public static class TrainingLanguage
{
    // The first 2,000 characters of each text are read: enough to tell, and the same as before the model read more.
    private const int MaxTextLength = 2000;

    private static readonly HashSet<string> s_english = new(StringComparer.Ordinal)
    {
        "the", "and", "you", "your", "to", "of", "for", "is", "this", "that", "with", "are", "on", "be", "have", "it",
        "we", "our", "will", "not", "from", "at", "by", "or", "can", "if", "all", "was", "as", "in",
    };

    private static readonly HashSet<string> s_other = new(StringComparer.Ordinal)
    {
        // French
        "le", "la", "les", "des", "une", "est", "et", "vous", "votre", "vos", "pour", "dans", "sur", "pas", "avec", "nous",
        "qui", "que", "du", "au", "aux", "ce", "cette", "sont", "mais", "ou", "il", "elle", "je", "merci", "bonjour",
        // German and Spanish, the other languages most often seen in European mailboxes
        "der", "die", "das", "und", "ist", "nicht", "mit", "sie", "ich", "el", "los", "las", "por", "para", "con", "usted",
    };

    // Looked up by span, without a string per word.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_englishLookup = s_english.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_otherLookup = s_other.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Returns whether the text reads as English, or has too few common words to tell (then the model speaks).</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="body">The visible text (the first few thousand characters are enough).</param>
    /// <returns><see langword="false"/> when another language's function words clearly outnumber English ones.</returns>
    public static bool IsEnglishOrUnknown(string? subject, string? body)
    {
        var english = 0;
        var other = 0;
        Count(subject, ref english, ref other);
        Count(body, ref english, ref other);
        return !(other >= 3 && other > english * 2);
    }

    private static void Count(string? text, ref int english, ref int other)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var span = text.AsSpan(0, Math.Min(text.Length, MaxTextLength));
        Span<char> word = stackalloc char[16];
        var length = 0;
        for (var i = 0; i <= span.Length; i++)
        {
            var c = i < span.Length ? span[i] : ' ';
            if (char.IsLetter(c))
            {
                if (length < word.Length)
                {
                    word[length] = char.ToLowerInvariant(c);
                }

                length++;
                continue;
            }

            if (length is > 0 and <= 16)
            {
                ReadOnlySpan<char> token = word[..length];
                if (s_englishLookup.Contains(token))
                {
                    english++;
                }
                else if (s_otherLookup.Contains(token))
                {
                    other++;
                }
            }

            length = 0;
        }
    }
}
