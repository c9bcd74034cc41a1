using SentiMail.Analyzers;
using SentiMail.Signals;
using SentiMail.Tests.TestSupport;
using SentiMail.Tests.Text;

namespace SentiMail.Tests.Analyzers;

public class ContentAnalyzerTests
{
    private static readonly string s_filler = string.Join(' ', Enumerable.Repeat("The garden looks wonderful after the rain and the lemon cake was lovely.", 6));

    public static TheoryData<string> CaseNames => SignalCase.Names(Cases());

    internal static IEnumerable<SignalCase> Cases()
    {
        yield return Text(ContentAnalyzer.PhishingLure, "credentials-en",
            "We noticed a problem. Please verify your account to keep using the service.",
            "We noticed a problem. Please check the attached notes before the meeting.");
        yield return Text(ContentAnalyzer.PhishingLure, "parcel-fr",
            "Votre colis est en attente : des frais de livraison restent à régler.",
            "Le colis de fournitures est arrivé à l'accueil, merci de passer le prendre.");
        yield return Text(ContentAnalyzer.SpamLure, "prize",
            "Congratulations! You have won, claim your prize today.",
            "Congratulations on the new job, see you at the party today.");
        yield return Text(ContentAnalyzer.ExtortionLure, "sextortion",
            "I hacked your device and recorded a video of you. Pay or everyone sees it.",
            "IT replaced your device and installed the video conferencing tool.");
        yield return Text(ContentAnalyzer.UrgentCredentialRequest, "urgency-plus-credentials",
            "Urgent action required: verify your account within 24 hours.",
            "When you have time, please verify your account settings in the portal.");
        yield return Text(ContentAnalyzer.InvisibleCharacters, "zero-width-in-word",
            "Your Micro\u200Bsoft 365 password expires soon.",
            "Your Microsoft 365 password expires soon.");
        yield return Text(ContentAnalyzer.InvisibleCharacters, "run-of-zero-width-in-word",
            "Your Micro\u200B\u200Bsoft 365 password expires soon.",
            "Your Microsoft 365 password expires soon.");
        foreach (var (name, invisible) in new[]
                 {
                     ("invisible-separator", "\u2063"), ("invisible-times", "\u2062"), ("function-application", "\u2061"),
                     ("invisible-plus", "\u2064"), ("combining-grapheme-joiner", "\u034F"), ("variation-selector-16", "\uFE0F"),
                     ("variation-selector-17", "\U000E0100"), ("tag-character", "\U000E0050"), ("mongolian-free-variation-selector", "\u180B"),
                     ("khmer-inherent-vowel", "\u17B4"), ("hangul-filler", "\u3164"), ("halfwidth-hangul-filler", "\uFFA0"),
                     ("hangul-choseong-filler", "\u115F"),
                 })
        {
            yield return Text(ContentAnalyzer.InvisibleCharacters, name + "-in-word",
                $"Your Micro{invisible}soft 365 password expires soon.",
                $"Your Microsoft 365 password expires soon. {invisible}");
        }

        yield return Text(ContentAnalyzer.PhishingLure, "lure-split-by-invisible-characters",
            "Please ver\u2063ify your acc\U000E0041ount to keep using the ser\u3164vice.",
            "Please che\u2063ck the attached no\U000E0041tes before the mee\u3164ting.");
        yield return Text(ContentAnalyzer.PhishingLure, "lure-with-combining-marks",
            "Please veri\u0307fy your acco\u0323unt to keep using the servi\u0307ce.",
            "Please checki\u0307ng the attached no\u0323tes before the meeti\u0307ng.");
        yield return Text(ContentAnalyzer.MixedScriptWord, "cyrillic-letter-in-latin-word-with-marks",
            "Dear cu\u0307\u0441tomer, your order has shipped.",
            "Dear cu\u0307stomer, your order has shipped.");
        yield return Text(ContentAnalyzer.MixedScriptWord, "lisu-letter-in-latin-word",
            "Dear \uA4DAustomer, your order has shipped.",
            "Dear Customer, your order has shipped.");
        yield return Text(ContentAnalyzer.MixedScriptWord, "small-capital-in-latin-word",
            "Your \u1D18assword expires today.",
            "Your password expires today, pronounced /\u02C8p\u0251\u02D0sw\u025C\u02D0d/ or /\u02C8p\u00E6sw\u025Dd/.");
        yield return Text(ContentAnalyzer.PhishingLure, "lure-in-small-capitals",
            "Please \u1D20\u1D07\u0280\u026A\uA730\u028F \u028F\u1D0F\u1D1C\u0280 \u1D00\u1D04\u1D04\u1D0F\u1D1C\u0274\u1D1B to keep using the service.",
            "Please \u1D04\u029C\u1D07\u1D04\u1D0B \u1D1B\u029C\u1D07 \u0274\u1D0F\u1D1B\u1D07\uA731 before the meeting.");
        yield return Text(ContentAnalyzer.PhishingLure, "lure-with-lookalike-letters",
            "Please \uA4E6erify your \u0251ccount to keep using the service.",
            "Please \uA4DAheck the \u0251ttached notes before the meeting.");
        yield return Text(ContentAnalyzer.PhishingLure, "lure-after-zero-width-padding",
            new string('\u200B', 270_000) + "We noticed a problem. Please verify your account to keep using the service.",
            new string('\u200B', 270_000) + "We noticed a problem. Please check the attached notes before the meeting.");
        yield return new SignalCase(ContentAnalyzer.PhishingLure.Id, "lure-in-subject-after-zero-width-padding",
            () => TestMessages.Build(HeaderBlock.Standard().Set("Subject", TestMessages.EncodeWord(new string('\u200B', 4100) + "Urgent: verify your account now")), "Hello."),
            () => TestMessages.Build(HeaderBlock.Standard().Set("Subject", TestMessages.EncodeWord(new string('\u200B', 4100) + "Lunch: bring your appetite now")), "Hello."));
        yield return new SignalCase(ContentAnalyzer.InvisibleCharacters.Id, "zero-width-in-display-name",
            () => TestMessages.Build(HeaderBlock.Standard().Set("From", $"{TestMessages.EncodeWord("Ali\u200Bce Martin")} <alice@{HeaderBlock.SenderDomain}>"), "Hello."),
            () => TestMessages.Build(HeaderBlock.Standard(), "Hello."));
        yield return new SignalCase(ContentAnalyzer.MixedScriptWord.Id, "cyrillic-letter-in-second-from-display-name",
            () => TestMessages.Build(HeaderBlock.Standard().Add("From", $"{TestMessages.EncodeWord("P\u0430yPal Service")} <service@{HeaderBlock.SenderDomain}>"), "Hello."),
            () => TestMessages.Build(HeaderBlock.Standard().Add("From", $"PayPal Service <service@{HeaderBlock.SenderDomain}>"), "Hello."));
        yield return Text(ContentAnalyzer.BidiOverride, "rlo-in-text",
            "Open the file Invoice_2026\u202Efdp.exe to read it.",
            "Open the file Invoice_2026.pdf to read it.");
        yield return new SignalCase(ContentAnalyzer.BidiOverride.Id, "rlo-in-subject",
            () => TestMessages.Build(HeaderBlock.Standard().Set("Subject", TestMessages.EncodeWord("Invoice \u202Efdp.exe")), "Hello."),
            () => TestMessages.Build(HeaderBlock.Standard().Set("Subject", TestMessages.EncodeWord("Invoice \u200Efdp.exe")), "Hello."));
        yield return Html(ContentAnalyzer.BidiOverride, "bdo-element",
            "<p>Dear customer, <bdo dir=\"rtl\">tnuocca ruoy yfirev</bdo> today.</p>",
            "<p>Dear customer, <bdo dir=\"ltr\">verify your account</bdo> today.</p>");
        yield return Html(ContentAnalyzer.BidiOverride, "css-bidi-override",
            "<p>Dear customer, <span style=\"unicode-bidi:bidi-override;direction:rtl\">tnuocca ruoy yfirev</span> today.</p>",
            "<p>Dear customer, <span style=\"direction:rtl\">verify your account</span> today.</p>");
        yield return Text(ContentAnalyzer.MixedScriptWord, "cyrillic-letter-in-latin-word",
            "Dear \u0441ustomer, your order has shipped.",
            "Dear customer, your order has shipped.");
        yield return Html(ContentAnalyzer.HiddenText, "display-none-stuffing",
            $"<p>Your statement is attached.</p><div style=\"display:none\">{s_filler}</div>",
            $"<p>Your statement is attached.</p><div>{s_filler}</div>");
        // QR-code phishing: the link is in a picture, so the words around it are what the text analysis has.
        yield return Text(ContentAnalyzer.PhishingLure, "qr-code-mfa-lure",
            "Your MFA has expired. Scan the QR code to re-authenticate your account.",
            "Your boarding pass is attached. At the gate, scan the QR code to verify your booking.");
        yield return Text(ContentAnalyzer.PhishingLure, "qr-code-lure-fr",
            "Votre double authentification a expiré. Scannez le code QR pour vérifier votre compte.",
            "Votre billet est joint. Scannez le code QR pour vérifier votre billet à l'entrée de la salle.");
        yield return Html(ContentAnalyzer.HiddenText, "white-on-white-stuffing",
            $"<p>Your statement is attached.</p><font color=\"#FFFFFF\">{s_filler}</font>",
            $"<p>Your statement is attached.</p><table bgcolor=\"#003366\"><tr><td><font color=\"#FFFFFF\">{s_filler}</font></td></tr></table>");
        // An element the extractor takes as hidden, which some client may show: the lure still counts, if less.
        yield return Html(ContentAnalyzer.HiddenLure, "lure-in-hidden-element",
            "<p>Hello.</p><div style=\"display:none\">Urgent action required: verify your account within 24 hours. Confirm your password.</div>",
            "<p>Hello.</p><div style=\"display:none\">The garden looks wonderful after the rain and the lemon cake was lovely.</div>");
        yield return Html(ContentAnalyzer.HtmlScript, "script-element",
            "<p>Your statement is attached.</p><script>document.write('hi')</script>",
            "<p>Your statement is attached.</p>");
        yield return Html(ContentAnalyzer.HtmlScript, "event-handler",
            "<p onmouseover=\"location='https://x.example'\">Your statement is attached.</p>",
            "<p title=\"statement\">Your statement is attached.</p>");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task AnalyzeAsync_CraftedMessageAndBenignTwin_SignalFiresOnlyOnCraftedMessage(string name) => SignalCase.AssertAsync(Cases(), name);

    [Fact]
    public async Task AnalyzeAsync_SingleWeakPhrase_RaisesNoLure()
    {
        // "action required" weighs 1: a single weak phrase proves nothing.
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Text("Action required: bring your laptop on Thursday."));

        Assert.DoesNotContain(report.Signals, s => s.Id == ContentAnalyzer.PhishingLure.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_ManyLures_WeightIsCappedAndEveryPhraseIsEvidence()
    {
        var text = "Urgent action required. Verify your account. Confirm your password. Your password has expired. " +
                   "Validate your mailbox. Confirm your credentials. Final warning.";

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Text(text));

        var signal = Assert.Single(report.Signals, s => s.Id == ContentAnalyzer.PhishingLure.Id);
        Assert.Equal(ContentAnalyzer.PhishingLure.DefaultWeight, signal.Weight);
        Assert.Contains(signal.Evidence, e => e.Value == "verify your account");
        Assert.Contains(signal.Evidence, e => e.Value == "confirm your password");
    }

    [Theory]
    [InlineData("We detected unusual sign-in activity on your mailbox.", "unusual sign-in activity")]
    [InlineData("We detected unusual sign in activity on your mailbox.", "unusual sign-in activity")]
    [InlineData("Try it risk-free, 100% free.", "risk free")]
    public async Task AnalyzeAsync_PhraseSpelledWithOrWithoutHyphen_CountsOnce(string text, string phrase)
    {
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Text(text));

        var signal = Assert.Single(report.Signals, s => s.Id is "content.phishing-lure" or "content.spam-lure");
        Assert.Single(signal.Evidence, e => e.Value == phrase);
        var lure = Assert.Single(SentiMail.Rules.RuleSet.BuiltIn.Lures, l => l.Phrase == phrase);
        Assert.True(signal.Weight <= lure.Weight + 3, $"weight {signal.Weight}");
    }

    [Theory]
    [InlineData("Please ｖｅｒｉｆｙ ｙｏｕｒ ａｃｃｏｕｎｔ to keep using the service.")]
    [InlineData("Please \U0001D42F\U0001D41E\U0001D42B\U0001D422\U0001D41F\U0001D432 \U0001D432\U0001D428\U0001D42E\U0001D42B \U0001D41A\U0001D41C\U0001D41C\U0001D428\U0001D42E\U0001D427\U0001D42D to keep using the service.")]
    public async Task AnalyzeAsync_LureInFullWidthOrMathematicalLetters_IsStillFound(string text)
    {
        // Readers see "verify your account"; compatibility letters must not hide the phrase from the matcher.
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Text(text));

        Assert.Contains(report.Signals, s => s.Id == ContentAnalyzer.PhishingLure.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_LureWithAccentsAndZeroWidthCharacters_IsStillFound()
    {
        // Folding drops accents and zero-width characters that are meant to break keyword matching.
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Text("Veuillez VÉRIFIER votre com\u200Bpte sous 48 heures."));

        Assert.Contains(report.Signals, s => s.Id == ContentAnalyzer.PhishingLure.Id);
    }

    [Theory]
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645 \u0628\u0631\u0648\u0645")]
    [InlineData("\u845B\U000E0100\u57CE\u5E02\u306B\u884C\u304D\u307E\u3059")]
    [InlineData("Thanks \u2764\uFE0F see you soon \u263A\uFE0E")]
    [InlineData("\u1820\u180B\u1821\u1822 \u1823")]
    public async Task AnalyzeAsync_InvisibleCharactersOtherScriptsNeed_AreNotCounted(string text)
    {
        // Persian needs the zero-width non-joiner, Japanese names ideographic variation selectors, emoji their
        // presentation selectors and Mongolian its free variation selectors: none of them sits inside a Latin word.
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Text(text));

        Assert.DoesNotContain(report.Signals, s => s.Id == ContentAnalyzer.InvisibleCharacters.Id);
    }

    [Theory]
    [MemberData(nameof(TextFoldingTests.InvisibleClasses), MemberType = typeof(TextFoldingTests))]
    public async Task AnalyzeAsync_MebibyteOfInvisibleCharactersInsideALure_IsReadInOnePass(string invisible)
    {
        // Just under a mebibyte: the context keeps the first 1 Mi characters of a body.
        var padding = string.Concat(Enumerable.Repeat(invisible, (1024 * 1024 - 1024) / invisible.Length));
        var text = $"Urgent action required: verify your acc{padding}ount within 24 hours. Confirm your password.";

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Text(text));

        Assert.Contains(report.Signals, s => s.Id == ContentAnalyzer.PhishingLure.Id);
        var bidi = invisible == "\u202E";
        Assert.Equal(!bidi, report.Signals.Any(s => s.Id == ContentAnalyzer.InvisibleCharacters.Id));
        Assert.Equal(bidi, report.Signals.Any(s => s.Id == ContentAnalyzer.BidiOverride.Id));
    }

    [Fact]
    public async Task AnalyzeAsync_LuresShownAndHidden_CountOnceAsShown()
    {
        const string Lure = "Urgent action required: verify your account within 24 hours. Confirm your password.";
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Html($"<p>{Lure}</p><div style=\"display:none\">{Lure}</div>"));

        Assert.Contains(report.Signals, s => s.Id == ContentAnalyzer.PhishingLure.Id);
        Assert.DoesNotContain(report.Signals, s => s.Id == ContentAnalyzer.HiddenLure.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_HiddenTextBelowThreshold_RaisesNothing()
    {
        var hidden = new string('x', ContentAnalyzer.HiddenTextThreshold - 10);

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Html($"<p>Hello</p><div style=\"display:none\">{hidden}</div>"));

        Assert.DoesNotContain(report.Signals, s => s.Id == ContentAnalyzer.HiddenText.Id);
    }

    private static SignalCase Text(SignalDefinition signal, string scenario, string positive, string benign) =>
        new(signal.Id, scenario, () => TestMessages.Text(positive), () => TestMessages.Text(benign));

    private static SignalCase Html(SignalDefinition signal, string scenario, string positive, string benign) =>
        new(signal.Id, scenario, () => TestMessages.Html(positive), () => TestMessages.Html(benign));
}
