using System.Buffers;
using System.Globalization;
using System.Text;
using SentiMail.Context;
using SentiMail.Signals;
using SentiMail.Text;

namespace SentiMail.Analyzers;

/// <summary>Reads the text a recipient sees: weighted lure phrases in English and French (urgency, credentials,
/// payment, parcels, prizes, extortion, spam), invisible or reordering characters, mixed-script words, hidden text
/// and script in the HTML body.</summary>
public sealed class ContentAnalyzer : IMessageAnalyzer
{
    /// <summary>Phishing lures: credentials, account threats, urgency, payment, invoices, parcels.</summary>
    public static readonly SignalDefinition PhishingLure = new(
        "content.phishing-lure", SignalCategory.Content, 30, "The text uses phishing lures (account threats, credential requests, payment or parcel pretexts, urgency). Weight grows with the lures found, up to 30.");

    /// <summary>Classic spam phrasing.</summary>
    public static readonly SignalDefinition SpamLure = new(
        "content.spam-lure", SignalCategory.Content, 40, "The text uses spam phrasing (prizes, easy money, miracle offers, pharmacy, adult). Weight grows with the phrases found, up to 40.");

    /// <summary>Extortion (sextortion, ransom) phrasing.</summary>
    public static readonly SignalDefinition ExtortionLure = new(
        "content.extortion-lure", SignalCategory.Content, 40, "The text reads like extortion (a threat to publish private material unless a ransom is paid). Weight grows with the phrases found, up to 40.");

    /// <summary>Urgency combined with a credential or account request.</summary>
    public static readonly SignalDefinition UrgentCredentialRequest = new(
        "content.urgent-credential-request", SignalCategory.Content, 10, "The text presses the reader to act quickly on their account or credentials, the core of a phishing lure.");

    /// <summary>Characters that render as nothing inside words.</summary>
    public static readonly SignalDefinition InvisibleCharacters = new(
        "content.invisible-characters", SignalCategory.Content, 12,
        "Characters that render as nothing (zero-width characters, soft hyphens, invisible operators, variation selectors, tag characters, fillers) are hidden inside words, a trick to slip past keyword filters.");

    /// <summary>Bidirectional override characters.</summary>
    public static readonly SignalDefinition BidiOverride = new(
        "content.bidi-override", SignalCategory.Content, 15, "The text holds bidirectional override characters, which make it display in another order than it reads.");

    /// <summary>Words mixing Latin with look-alike letters of another script, or plain Latin letters with small capitals;
    /// or a brand's name spelled wholly in another script's look-alike letters within Latin-script text.</summary>
    public static readonly SignalDefinition MixedScriptWord = new(
        "content.mixed-script-word", SignalCategory.Content, 15, "Words mix Latin letters with look-alike Cyrillic, Greek, Armenian or Lisu ones, or with small capitals, or spell a brand's name wholly in look-alike Cyrillic, Greek or Armenian letters within Latin-script text, to imitate a name or slip past filters.");

    /// <summary>Lots of text hidden from the reader.</summary>
    public static readonly SignalDefinition HiddenText = new(
        "content.hidden-text", SignalCategory.Content, 10, "The HTML hides a large amount of text from the reader, typically to poison filters.");

    /// <summary>Script in the HTML body.</summary>
    public static readonly SignalDefinition HtmlScript = new(
        "content.html-script", SignalCategory.Content, 10, "The HTML body contains script, which genuine mail does not need.");

    /// <summary>Phishing lures in text the HTML hides.</summary>
    public static readonly SignalDefinition HiddenLure = new(
        "content.hidden-lure", SignalCategory.Content, 15,
        "Text the HTML hides holds phishing lures: either a trick the engine's reading of the HTML missed shows them after all, or they are hidden on purpose.");

    /// <summary>The least number of hidden characters that counts as stuffing.</summary>
    public const int HiddenTextThreshold = 300;

    /// <summary>The most hidden characters searched for lures.</summary>
    private const int MaxHiddenFoldedLength = 64 * 1024;

    private static readonly IReadOnlyList<SignalDefinition> s_signals =
        [PhishingLure, SpamLure, ExtortionLure, UrgentCredentialRequest, InvisibleCharacters, BidiOverride, MixedScriptWord, HiddenText, HiddenLure, HtmlScript];

    /// <inheritdoc />
    public string Name => "content";

    /// <inheritdoc />
    public IReadOnlyList<SignalDefinition> Signals => s_signals;

    /// <inheritdoc />
    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        CheckLures(context, signals);
        CheckHiddenLures(context, signals);
        cancellationToken.ThrowIfCancellationRequested();
        CheckCharacters(context.Subject, "header:Subject", signals);
        CheckDisplayNames(context.Senders, signals);
        CheckCharacters(context.VisibleText, "body", signals);
        if (!signals.Contains(MixedScriptWord.Id) && BrandLookalikes.FindWholeScript(context) is { } whole)
        {
            // A brand's name spelled wholly in Cyrillic or Greek letters that look Latin mixes scripts as a reader
            // takes it in, in text otherwise written in Latin script.
            var brand = context.Rules.Brands[whole.Brand].Name;
            signals.Add(MixedScriptWord, $"The word '{whole.Word}' imitates {brand} in {ScriptName(whole.Word)} letters that look Latin, in text otherwise written in Latin script.", whole.Location, whole.Word);
        }
        if (context.Html.HiddenText.Length >= HiddenTextThreshold)
        {
            signals.Add(HiddenText, $"The HTML hides {context.Html.HiddenText.Length.ToString(CultureInfo.InvariantCulture)} characters of text.", "body:html", context.Html.HiddenText);
        }

        if (context.Html.HasBidiOverride && !signals.Contains(BidiOverride.Id))
        {
            signals.Add(BidiOverride, "The HTML lays text out backwards (bdo, unicode-bidi: bidi-override), so that the reader sees other words than those written.", "body:html", "bidi-override markup");
        }

        if (context.Html.HasScript)
        {
            signals.Add(HtmlScript, "The HTML body has script elements or event handlers.", "body:html", "script");
        }

        return ValueTask.CompletedTask;
    }

    private static void CheckLures(AnalysisContext context, SignalCollector signals)
    {
        var rules = context.Rules;
        if (rules.Lures.Count == 0)
        {
            return;
        }

        var counts = new int[rules.LureMatcher.PhraseCount];
        if (rules.LureMatcher.Count(context.FoldedText, counts) == 0)
        {
            return;
        }

        var phishing = new Tally();
        var spam = new Tally();
        var extortion = new Tally();
        bool urgency = false, credentials = false;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var lure = rules.Lures[i];
            switch (lure.Kind)
            {
                case "extortion":
                    extortion.Add(lure.Phrase, lure.Weight);
                    break;
                case var kind when IsPhishing(kind):
                    phishing.Add(lure.Phrase, lure.Weight);
                    urgency |= lure.Kind == "urgency";
                    credentials |= lure.Kind is "credentials" or "account-threat";
                    break;
                default:
                    spam.Add(lure.Phrase, lure.Weight);
                    break;
            }
        }

        Raise(signals, PhishingLure, phishing, "phishing lures");
        Raise(signals, SpamLure, spam, "spam phrases");
        Raise(signals, ExtortionLure, extortion, "extortion phrases");
        if (urgency && credentials && phishing.Total >= 6)
        {
            signals.Add(UrgentCredentialRequest, "The text combines urgency with a request about the reader's account or credentials.", "body", string.Join(", ", phishing.Phrases.Take(5)));
        }
    }

    /// <summary>
    /// Looks for phishing lures in the text the HTML hides, when the visible text has none. Browsers and mail clients
    /// do not all read HTML and CSS alike: a lure the engine takes as hidden may be shown by some of them. Legitimate
    /// mail has no reason to hide such phrases either.
    /// </summary>
    private static void CheckHiddenLures(AnalysisContext context, SignalCollector signals)
    {
        var rules = context.Rules;
        var hidden = context.Html.HiddenText;
        if (rules.Lures.Count == 0 || hidden.Length == 0 || signals.Contains(PhishingLure.Id))
        {
            return;
        }

        var counts = new int[rules.LureMatcher.PhraseCount];
        if (rules.LureMatcher.Count(TextFolding.Fold(hidden, MaxHiddenFoldedLength), counts) == 0)
        {
            return;
        }

        var phishing = new Tally();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0 && IsPhishing(rules.Lures[i].Kind))
            {
                phishing.Add(rules.Lures[i].Phrase, rules.Lures[i].Weight);
            }
        }

        if (phishing.Total >= 3)
        {
            signals.Add(
                HiddenLure,
                $"Text the HTML hides uses {phishing.Phrases.Count.ToString(CultureInfo.InvariantCulture)} phishing lures.",
                phishing.Phrases.Select(p => new SignalEvidence("body:html hidden", p)));
        }
    }

    /// <summary>Tells whether a lure of this kind belongs to phishing (rather than spam or extortion).</summary>
    private static bool IsPhishing(string kind) => kind is "credentials" or "account-threat" or "urgency" or "payment" or "invoice" or "parcel";

    private static void Raise(SignalCollector signals, SignalDefinition definition, Tally tally, string what)
    {
        // A single weak phrase ("invoice", "click here") proves nothing; several, or one strong one, do.
        if (tally.Total < 3)
        {
            return;
        }

        var weight = Math.Min(definition.DefaultWeight, tally.Total);
        signals.Add(
            definition,
            $"The text uses {tally.Phrases.Count.ToString(CultureInfo.InvariantCulture)} {what}.",
            tally.Phrases.Select(p => new SignalEvidence("body", p)),
            weight);
    }

    /// <summary>
    /// Looks for characters that render as nothing inside Latin words (any Unicode default-ignorable code point but the
    /// bidirectional controls, which are reported on their own), bidirectional overrides and isolates, and words that
    /// mix Latin with look-alike letters of another script. A character that renders as nothing counts when it sits
    /// between two Latin letters: other scripts need some of them (the zero-width non-joiner in Persian, variation
    /// selectors after CJK ideographs, Mongolian free variation selectors), Latin words never do.
    /// </summary>
    /// <summary>Checks the display name of every From mailbox, each name once, since mail clients differ on which of
    /// several mailboxes they show.</summary>
    private static void CheckDisplayNames(SenderIdentities senders, SignalCollector signals)
    {
        if (senders.FromMailboxes.Count == 0)
        {
            CheckCharacters(senders.FromDisplayName, "header:From", signals);
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mailbox in senders.FromMailboxes)
        {
            if (mailbox.DisplayName.Length > 0 && seen.Add(mailbox.DisplayName))
            {
                CheckCharacters(mailbox.DisplayName, mailbox.Location, signals);
            }
        }
    }

    private static void CheckCharacters(string text, string location, SignalCollector signals)
    {
        // Every character these checks look for (invisible, bidirectional control, letter of another script) is U+00AD
        // or above: text without one (ASCII, most Latin-1) has nothing to find, and a vectorised scan says so.
        if (text.AsSpan().IndexOfAnyInRange('\u00AD', '\uFFFF') < 0)
        {
            return;
        }

        var invisibleInWords = 0;
        var pendingInvisible = 0;
        var afterLatinLetter = false;
        var bidi = false;
        var wordStart = -1;
        var wordLetters = 0;
        string? mixedWord = null;
        var i = 0;
        while (i <= text.Length)
        {
            var rune = new Rune(' ');
            var length = 1;
            if (i < text.Length && Rune.DecodeFromUtf16(text.AsSpan(i), out rune, out length) != OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
            }

            if (DefaultIgnorables.Contains(rune.Value))
            {
                // Renders as nothing: neither ends a word nor starts one.
                if (rune.IsBmp && TextSanitizer.IsBidiControl((char)rune.Value))
                {
                    bidi |= rune.Value is not (0x200E or 0x200F or 0x61C);
                }
                else if (afterLatinLetter)
                {
                    pendingInvisible++;
                }
            }
            else if (Rune.IsLetter(rune))
            {
                var latin = TextFolding.IsLatinLetter(rune);
                if (latin)
                {
                    invisibleInWords += pendingInvisible;
                }

                pendingInvisible = 0;
                afterLatinLetter = latin;
                wordStart = wordStart < 0 ? i : wordStart;
                wordLetters++;
            }
            else if (wordStart >= 0 && TextFolding.IsCombiningMark(Rune.GetUnicodeCategory(rune)))
            {
                // A combining mark belongs to the letter before it.
            }
            else
            {
                pendingInvisible = 0;
                afterLatinLetter = false;
                if (wordStart >= 0 && mixedWord is null && wordLetters >= 3 && Confusables.IsMixedScript(text.AsSpan(wordStart, i - wordStart)))
                {
                    mixedWord = text[wordStart..i];
                }

                wordStart = -1;
                wordLetters = 0;
            }

            i += length;
        }

        if (invisibleInWords > 0)
        {
            signals.Add(InvisibleCharacters, $"{invisibleInWords.ToString(CultureInfo.InvariantCulture)} invisible character(s) sit inside words.", location, text);
        }

        if (bidi)
        {
            signals.Add(BidiOverride, "The text holds bidirectional override characters.", location, text);
        }

        if (mixedWord is not null)
        {
            signals.Add(MixedScriptWord, $"The word '{mixedWord}' mixes alphabets.", location, mixedWord);
        }
    }

    private static string ScriptName(string word) => Confusables.GetScripts(word) switch
    {
        ScriptSet.Cyrillic => "Cyrillic",
        ScriptSet.Greek => "Greek",
        _ => "Armenian",
    };

    private sealed class Tally
    {
        public int Total { get; private set; }

        public List<string> Phrases { get; } = [];

        public void Add(string phrase, int weight)
        {
            Total += weight;
            Phrases.Add(phrase);
        }
    }
}
