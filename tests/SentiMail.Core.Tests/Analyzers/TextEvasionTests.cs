using SentiMail.Analyzers;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Analyzers;

/// <summary>
/// Brand names written so that a reader sees them whole while a plain keyword match does not: characters that render
/// as nothing inside them, combining marks on their letters, look-alike letters (small capitals, Latin alpha, Lisu
/// letters copying Latin capitals). Each is caught, and the same trick on a harmless name is not.
/// </summary>
public class TextEvasionTests
{
    private const string Sender = "service@mailer-notify.example";

    public static TheoryData<string> CaseNames => SignalCase.Names(Cases());

    internal static IEnumerable<SignalCase> Cases()
    {
        foreach (var (name, invisible) in new[]
                 {
                     ("invisible-separator", "\u2063"), ("invisible-times", "\u2062"), ("invisible-plus", "\u2064"),
                     ("combining-grapheme-joiner", "\u034F"), ("variation-selector", "\uFE0F"), ("tag-character", "\U000E0020"),
                     ("mongolian-free-variation-selector", "\u180B"), ("khmer-inherent-vowel", "\u17B4"),
                     ("hangul-filler", "\u3164"), ("halfwidth-hangul-filler", "\uFFA0"), ("hangul-choseong-filler", "\u115F"),
                 })
        {
            yield return DisplayName(name + "-in-display-name", $"Pay{invisible}Pal Service", $"Pay{invisible}roll Service");
            yield return Subject(name + "-in-subject", $"Your Pay{invisible}Pal account", $"Your Pay{invisible}roll account");
        }

        yield return DisplayName("combining-dot-below", "PayPa\u0323l Service", "Payro\u0323ll Service");
        yield return DisplayName("combining-overlay", "Pay\u0335Pal Service", "Pay\u0335roll Service");
        yield return DisplayName("combining-dot-above-on-i", "Mi\u0307crosoft Account Team", "Mi\u0307crofinance Account Team");
        yield return DisplayName("small-capitals", "\u1D18\u1D00\u028F\u1D18\u1D00\u029F Service", "\u1D18\u1D00\u028F\u0280\u1D0F\u029F\u029F Service");
        yield return DisplayName("latin-alpha", "P\u0251yP\u0251l Service", "P\u0251yroll Service");
        yield return DisplayName("lisu-capitals", "\uA4D1ay\uA4D1al Service", "\uA4D1ayroll Service");
        yield return DisplayName("lisu-and-small-capitals", "\uA4DF\u026A\u1D04\u0280\u1D0F\uA731\u1D0F\uA730\u1D1B Account Team", "\uA4DF\u026A\u1D04\u0280\u1D0F\uA731\u1D04\u1D0F\u1D18\u1D07 Account Team");
        yield return Subject("small-capitals-in-subject", "Your \u0274\u1D07\u1D1B\uA730\u029F\u026Ax membership", "Your \u0274\u1D07\u1D1B\u1D21\u1D0F\u0280\u1D0B membership");
        yield return Subject("zero-width-padding-before-subject", new string('\u200B', 4100) + "Your PayPal account", new string('\u200B', 4100) + "Your payroll account");
        yield return Subject("combining-marks-in-subject", "Your Pa\u0307yPa\u0307l account", "Your Pa\u0307yro\u0307ll account");

        // ASCII look-alikes: a stroke of the other case, digits, rn and vv. The twins use the same characters in words
        // that imitate no brand (a Mc name, a model number, "modern", "savvy", a state in capitals).
        yield return DisplayName("capital-i-for-l", "PayPaI Service", "McIntosh Service");
        yield return DisplayName("digit-one-for-l", "Paypa1 Service", "Route 1 Service");
        yield return DisplayName("digit-zero-for-o", "Micr0soft Account Team", "M1CR0 Account Team");
        yield return DisplayName("rn-for-m", "rnicrosoft Account Team", "Modern Account Team");
        yield return DisplayName("vv-for-w", "VVestpac Online Banking", "Savvy Online Banking");
        yield return DisplayName("lowercase-l-among-capitals", "MlCROSOFT ACCOUNT TEAM", "ILLINOIS ACCOUNT TEAM");
        yield return DisplayName("mixed-script-name", "P\u0430yPal Service", "P\u0430yroll Service");
        yield return Subject("capital-i-for-l-in-subject", "Your PayPaI account has been limited", "Your BIll account has been limited");
        yield return Subject("digits-in-subject", "Your Micr0soft password expires today", "Your M1CR0-200 password expires today");
        // rn for m imitates a long name, not a short one that real names share (Stearn, Steam).
        yield return Subject("rn-for-m-in-subject", "Your rnicrosoft password expires today", "Meeting with Hugh Stearn today");
        yield return Subject("zero-width-padding-before-lookalike-in-subject", new string('\u200B', 20_000) + "Your PayPaI account", new string('\u200B', 20_000) + "Your BIll account");
        yield return Body("capital-i-for-l-in-body", "PayPaI", "BIll");
        yield return Body("digit-zero-in-body", "0utlook", "1ll");
        yield return LinkText("capital-i-for-l-in-link-text", "Log in to PayPaI", "Log in to McIntosh");

        // A brand's name written wholly in Cyrillic look-alike letters counts in Latin-script mail, not in Russian mail.
        yield return new(BrandImpersonationAnalyzer.SubjectImpersonation.Id, "whole-script-cyrillic-in-subject",
            () => TestMessages.Build(HeaderBlock.Standard().Set("Subject", TestMessages.EncodeWord("Your \u0440\u0430\u0443\u0440\u0430\u04CF account has been limited")), "Hello, here is the summary."),
            () => TestMessages.Build(HeaderBlock.Standard().Set("Subject", TestMessages.EncodeWord(RussianSubject)), RussianBody));
        yield return new(ContentAnalyzer.MixedScriptWord.Id, "whole-script-cyrillic-brand",
            () => TestMessages.Build(HeaderBlock.Standard().Set("From", $"{TestMessages.EncodeWord("\u0440\u0430\u0443\u0440\u0430\u04CF Service")} <{Sender}>"), "Hello, here is the summary."),
            () => TestMessages.Build(HeaderBlock.Standard().Set("From", $"{TestMessages.EncodeWord("\u0440\u0430\u0443\u0440\u0430\u04CF Service")} <{Sender}>").Set("Subject", TestMessages.EncodeWord(RussianSubject)), RussianBody));
        yield return DisplayName("whole-script-cyrillic-apple", "\u0430\u0440\u0440\u04CF\u0435 Support", "\u0430\u0440\u0440\u0435 Support");
    }

    /// <summary>"Your раураӏ account is blocked" in Russian.</summary>
    private const string RussianSubject = "\u0412\u0430\u0448 \u0430\u043A\u043A\u0430\u0443\u043D\u0442 \u0440\u0430\u0443\u0440\u0430\u04CF \u0437\u0430\u0431\u043B\u043E\u043A\u0438\u0440\u043E\u0432\u0430\u043D";

    /// <summary>"Hello! Here is the summary of the meeting. See you on Thursday." in Russian.</summary>
    private const string RussianBody = "\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439\u0442\u0435! \u0412\u043E\u0442 \u0438\u0442\u043E\u0433\u0438 \u0432\u0441\u0442\u0440\u0435\u0447\u0438. \u0414\u043E \u0432\u0441\u0442\u0440\u0435\u0447\u0438 \u0432 \u0447\u0435\u0442\u0432\u0435\u0440\u0433.";

    public static TheoryData<string, string> LookalikeNames => new()
    {
        { "PayPaI", "PayPal" },
        { "Paypa1", "PayPal" },
        { "Micr0soft", "Microsoft" },
        { "rnicrosoft", "Microsoft" },
        { "VVestpac", "Westpac" },
        { "P\u0430yPal", "PayPal" },
        { "\u0440\u0430\u0443\u0440\u0430\u04CF", "PayPal" },
    };

    [Theory]
    [MemberData(nameof(LookalikeNames))]
    public async Task AnalyzeAsync_NameWrittenWithLookalikeCharacters_ScoresAtLeastAsTheNameWrittenPlainly(string lookalike, string plain)
    {
        var engine = TestEngines.Create();
        static byte[] Message(string name) => TestMessages.Build(
            HeaderBlock.Standard().Set("From", $"{TestMessages.EncodeWord(name + " Service")} <{Sender}>").Set("Subject", TestMessages.EncodeWord($"Your {name} account has been limited")),
            "Hello, here is the summary.");

        var disguised = await engine.AnalyzeAsync(Message(lookalike));
        var written = await engine.AnalyzeAsync(Message(plain));

        Assert.True(disguised.Score >= written.Score, $"{lookalike}: {disguised.Score} < {written.Score}");
        Assert.Contains(disguised.Signals, s => s.Id == BrandImpersonationAnalyzer.DisplayNameImpersonation.Id && s.Description.Contains("look-alike", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task AnalyzeAsync_CraftedMessageAndBenignTwin_SignalFiresOnlyOnCraftedMessage(string name) => SignalCase.AssertAsync(Cases(), name);

    private static SignalCase DisplayName(string scenario, string positive, string benign) =>
        new(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, scenario,
            () => TestMessages.Build(HeaderBlock.Standard().Set("From", $"{TestMessages.EncodeWord(positive)} <{Sender}>"), "Hello, here is the summary."),
            () => TestMessages.Build(HeaderBlock.Standard().Set("From", $"{TestMessages.EncodeWord(benign)} <{Sender}>"), "Hello, here is the summary."));

    private static SignalCase Body(string scenario, string positive, string benign)
    {
        const string Lure = "Dear customer, your {0} account has been limited because we noticed unusual activity. Verify your account within 24 hours or it will be suspended: http://account-verify-center.net/login";
        return new(BrandImpersonationAnalyzer.BodyImpersonation.Id, scenario,
            () => TestMessages.Build(HeaderBlock.Standard(), string.Format(System.Globalization.CultureInfo.InvariantCulture, Lure, positive)),
            () => TestMessages.Build(HeaderBlock.Standard(), string.Format(System.Globalization.CultureInfo.InvariantCulture, Lure, benign)));
    }

    private static SignalCase LinkText(string scenario, string positive, string benign) =>
        new(BrandImpersonationAnalyzer.LinkTextImpersonation.Id, scenario,
            () => TestMessages.Html($"<p>Hello,</p><p><a href=\"http://account-verify-center.net/login\">{positive}</a></p>"),
            () => TestMessages.Html($"<p>Hello,</p><p><a href=\"http://account-verify-center.net/login\">{benign}</a></p>"));

    private static SignalCase Subject(string scenario, string positive, string benign) =>
        new(BrandImpersonationAnalyzer.SubjectImpersonation.Id, scenario,
            () => TestMessages.Build(HeaderBlock.Standard().Set("Subject", TestMessages.EncodeWord(positive)), "Hello, here is the summary."),
            () => TestMessages.Build(HeaderBlock.Standard().Set("Subject", TestMessages.EncodeWord(benign)), "Hello, here is the summary."));
}
