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
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task AnalyzeAsync_CraftedMessageAndBenignTwin_SignalFiresOnlyOnCraftedMessage(string name) => SignalCase.AssertAsync(Cases(), name);

    private static SignalCase DisplayName(string scenario, string positive, string benign) =>
        new(BrandImpersonationAnalyzer.DisplayNameImpersonation.Id, scenario,
            () => TestMessages.Build(HeaderBlock.Standard().Set("From", $"{TestMessages.EncodeWord(positive)} <{Sender}>"), "Hello, here is the summary."),
            () => TestMessages.Build(HeaderBlock.Standard().Set("From", $"{TestMessages.EncodeWord(benign)} <{Sender}>"), "Hello, here is the summary."));

    private static SignalCase Subject(string scenario, string positive, string benign) =>
        new(BrandImpersonationAnalyzer.SubjectImpersonation.Id, scenario,
            () => TestMessages.Build(HeaderBlock.Standard().Set("Subject", TestMessages.EncodeWord(positive)), "Hello, here is the summary."),
            () => TestMessages.Build(HeaderBlock.Standard().Set("Subject", TestMessages.EncodeWord(benign)), "Hello, here is the summary."));
}
