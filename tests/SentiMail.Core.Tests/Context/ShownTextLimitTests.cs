using System.Diagnostics;
using SentiMail.Analyzers;
using SentiMail.Scoring;
using SentiMail.Signals;
using SentiMail.Tests.TestSupport;
using SentiMail.Text;

namespace SentiMail.Tests.Context;

/// <summary>
/// The body limits count what a reader sees: a lure placed after a megabyte of characters that render as nothing
/// (zero-width spaces, soft hyphens) or of hidden HTML text is read, as the unpadded lure is; the same padding in
/// harmless mail (marketing preheaders, which pad with zero-width characters and hidden text) adds nothing; and a
/// message made of such characters only is read quickly.
/// </summary>
public class ShownTextLimitTests
{
    private const string Sender = "service@mailer-notify.example";
    private const int Padding = 1100 * 1024;

    private const string Lure =
        "Dear customer,\nYour PayPal account has been limited because we noticed unusual activity. Verify your account within 24 hours or it will be suspended: http://account-verify-center.net/login\n";

    private const string Newsletter =
        "Hello Alice,\nHere are the notes from Monday's meeting and the dates of the next workshops. See you on Thursday.\n";

    private const string HtmlLure =
        "<p>Dear customer,</p><p>Your PayPal account has been limited because we noticed unusual activity. Verify your account within 24 hours or it will be suspended.</p><p><a href=\"http://account-verify-center.net/login\">Log in to PayPal</a></p>";

    private const string HtmlNewsletter =
        "<p>Hello Alice,</p><p>Here are the notes from Monday's meeting and the dates of the next workshops.</p><p><a href=\"https://www.example.org/workshops\">Workshops</a></p>";

    public static TheoryData<string, string> Paddings => new()
    {
        { "zero-width-space", "\u200B" },
        { "soft-hyphen", "\u00AD" },
        { "zero-width-non-joiner-and-space", "\u200C\u200B" },
        { "word-joiner", "\u2060" },
        { "tag-character", "\U000E0020" },
    };

    [Theory]
    [MemberData(nameof(Paddings))]
    public async Task AnalyzeAsync_LurePastAMegabyteOfInvisibleCharacters_ScoresAsTheUnpaddedLure(string name, string character)
    {
        var engine = TestEngines.Create();
        var unpadded = await engine.AnalyzeAsync(Plain(Lure));
        var padded = await engine.AnalyzeAsync(Plain(Repeat(character, Padding) + Lure));

        Assert.Contains(padded.Signals, s => s.Id == BrandImpersonationAnalyzer.BodyImpersonation.Id);
        Assert.Contains(padded.Signals, s => s.Id == ContentAnalyzer.PhishingLure.Id);
        Assert.True(padded.Score >= unpadded.Score, $"{name}: {padded.Score} < {unpadded.Score}");
    }

    [Theory]
    [MemberData(nameof(Paddings))]
    public async Task AnalyzeAsync_NewsletterPastTheSamePadding_StaysClean(string name, string character)
    {
        var report = await TestEngines.Create().AnalyzeAsync(Plain(Repeat(character, Padding) + Newsletter));

        Assert.True(report.Verdict == Verdict.Clean, $"{name}: {report.Verdict} ({report.Score})");
        Assert.DoesNotContain(report.Signals, s => s.Category == SignalCategory.Impersonation);
    }

    [Fact]
    public async Task AnalyzeAsync_HtmlLurePastAMegabyteOfHiddenText_ScoresAsTheUnpaddedLure()
    {
        var engine = TestEngines.Create();
        var unpadded = await engine.AnalyzeAsync(Html(HtmlLure));
        var padded = await engine.AnalyzeAsync(Html(HiddenPadding() + HtmlLure));

        Assert.Contains(padded.Signals, s => s.Id == BrandImpersonationAnalyzer.LinkTextImpersonation.Id);
        Assert.Contains(padded.Signals, s => s.Id == BrandImpersonationAnalyzer.BodyImpersonation.Id);
        Assert.True(padded.Score >= unpadded.Score, $"{padded.Score} < {unpadded.Score}");
    }

    [Fact]
    public async Task AnalyzeAsync_HtmlLurePastHalfAMegabyteOfZeroWidthText_ScoresAsTheUnpaddedLure()
    {
        // Past the extractor's 512 Ki of visible text, within the body's 1 Mi.
        var engine = TestEngines.Create();
        var unpadded = await engine.AnalyzeAsync(Html(HtmlLure));
        var padded = await engine.AnalyzeAsync(Html("<p>" + new string('\u200B', 600 * 1024) + "</p>" + HtmlLure));

        Assert.Contains(padded.Signals, s => s.Id == BrandImpersonationAnalyzer.BodyImpersonation.Id);
        Assert.True(padded.Score >= unpadded.Score, $"{padded.Score} < {unpadded.Score}");
    }

    [Fact]
    public async Task AnalyzeAsync_LinkTextPastAThousandZeroWidthCharacters_IsRead()
    {
        var html = "<p>Your account has been limited. Verify your account within 24 hours.</p><p><a href=\"http://account-verify-center.net/login\">"
            + new string('\u200B', 2000) + "Log in to PayPal</a></p>";
        var report = await TestEngines.Create().AnalyzeAsync(Html(html));

        Assert.Contains(report.Signals, s => s.Id == BrandImpersonationAnalyzer.LinkTextImpersonation.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_AddressInADisplayNamePastTwoThousandZeroWidthCharacters_IsRead()
    {
        var engine = TestEngines.Create();
        var padding = new string('\u200B', 3000);
        var padded = await engine.AnalyzeAsync(TestMessages.Build(HeaderBlock.Standard().Set("From", $"{TestMessages.EncodeWord(padding + "service@paypal.com")} <{Sender}>"), Newsletter));
        var benign = await engine.AnalyzeAsync(TestMessages.Build(HeaderBlock.Standard().Set("From", $"{TestMessages.EncodeWord(padding + "Alice Martin")} <{Sender}>"), Newsletter));

        Assert.Contains(padded.Signals, s => s.Id == HeaderAnalyzer.DisplayNameAddress.Id);
        Assert.DoesNotContain(benign.Signals, s => s.Id == HeaderAnalyzer.DisplayNameAddress.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_NewsletterWithPreheaderPaddingAndHiddenText_StaysClean()
    {
        // Marketing mail pads its preheader with zero-width non-joiners and no-break spaces, hidden or not.
        var preheader = "<div style=\"display:none\">Your weekly notes" + Repeat("&zwnj;&nbsp;", 200_000) + "</div>" + Repeat("\u200C\u00A0", 300_000);
        var report = await TestEngines.Create().AnalyzeAsync(Html(HiddenPadding() + preheader + HtmlNewsletter));

        Assert.True(report.Verdict == Verdict.Clean, $"{report.Verdict} ({report.Score}): {string.Join(", ", report.Signals.Select(s => s.Id))}");
        Assert.DoesNotContain(report.Signals, s => s.Category == SignalCategory.Impersonation);
    }

    [Fact]
    public void Build_ThirtyMegabytesOfZeroWidthCharacters_KeepsTheBodyBoundedAndTheTextAfter()
    {
        var raw = Plain(new string('\u200B', 10_000_000) + "Verify your PayPal account");
        var context = TestEngines.Context(raw);

        Assert.EndsWith("Verify your PayPal account", context.VisibleText.TrimEnd(), StringComparison.Ordinal);
        Assert.True(context.VisibleText.Length < 64, $"{context.VisibleText.Length} characters kept");
        Assert.True(context.TextBody.Length < 64, $"{context.TextBody.Length} characters kept");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/html")]
    public async Task AnalyzeAsync_ThirtyMegabytesOfZeroWidthCharacters_IsAnalysedQuicklyWithBoundedMemory(string type)
    {
        // 10 M zero-width spaces: 30 MB of UTF-8, sent 8-bit, under the 32 MiB message limit.
        var message = Plain8Bit("<p>" + new string('\u200B', 10_000_000) + "</p>", type);
        var engine = TestEngines.Create();
        await engine.AnalyzeAsync(Plain("warm-up"));

        var watch = Stopwatch.StartNew();
        var report = await engine.AnalyzeAsync(message);
        watch.Stop();
        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{watch.Elapsed}");

        // Parsing and reading the body, on this thread: the message and its decoded text (20 MB as UTF-16) are held a
        // few times over, and nothing else grows with the padding.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var context = TestEngines.Context(message);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(context.VisibleText.Length < 64, $"{context.VisibleText.Length} characters kept");
        Assert.True(allocated < 256L * 1024 * 1024, $"{allocated / (1024 * 1024)} MiB allocated");
    }

    [Fact]
    public void ShownTextBuilder_CountsOnlyShownCharactersAndCompactsInvisibleRuns()
    {
        var builder = new ShownTextBuilder(100);
        builder.Append(new string('\u200B', 1000)).Append("abc").Append("\u202E" + new string('\u00AD', 50) + "\u202E\u2067").Append("def");

        var text = builder.ToString();
        Assert.Equal(6, builder.Shown);
        Assert.False(builder.IsFull);
        Assert.Equal("abcdef", new string([.. text.Where(c => !DefaultIgnorables.Contains(c))]));
        Assert.Equal(ShownTextBuilder.MaxInvisibleRun, text.TakeWhile(c => c == '\u200B').Count());
        Assert.Equal(ShownTextBuilder.MaxInvisibleRun + 1, text.Count(c => c == '\u00AD' || c == '\u202E' || c == '\u2067'));

        // The override opens the second run and is kept; past the run's allowance only a new kind of control is.
        Assert.Contains("\u2067", text, StringComparison.Ordinal);
        Assert.Single(text, c => c == '\u202E');

        // The limit counts what shows; invisible characters have an allowance of their own, as large.
        var small = new ShownTextBuilder(10);
        small.Append(new string('\u200B', 1000)).Append("abcdefghijklmnop");
        Assert.True(small.IsFull);
        Assert.Equal("abcdefghij", small.ToString()[ShownTextBuilder.MaxInvisibleRun..]);
    }

    private static byte[] Plain(string body) =>
        TestMessages.Build(HeaderBlock.Standard().Set("From", $"Account Services <{Sender}>").Set("Subject", "Action required"), body);

    private static byte[] Html(string body) =>
        TestMessages.Build(HeaderBlock.Standard().Set("From", $"Account Services <{Sender}>").Set("Subject", "Action required"), htmlBody: "<html><body>" + body + "</body></html>");

    /// <summary>A message whose body is written as UTF-8, 8-bit, without a transfer encoding.</summary>
    private static byte[] Plain8Bit(string body, string type = "text/plain")
    {
        var headers = HeaderBlock.Standard().Set("From", $"Account Services <{Sender}>") + $"MIME-Version: 1.0\r\nContent-Type: {type}; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
        return [.. System.Text.Encoding.UTF8.GetBytes(headers), .. System.Text.Encoding.UTF8.GetBytes(body)];
    }

    private static string HiddenPadding() => "<div style=\"display:none\">" + Repeat("lorem ipsum dolor sit amet ", (Padding / 27) + 1) + "</div>";

    private static string Repeat(string text, int count) => new System.Text.StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
