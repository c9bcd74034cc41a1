using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Context;

public class AnalysisContextFoldingTests
{
    private const string Lure = "Urgent action required: verify your account within 24 hours.";

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u2063")]
    [InlineData("\U000E0020")]
    [InlineData("\u0307")]
    [InlineData(" ")]
    public void FoldedText_LureAfterPaddingThatFoldsToNothing_IsInTheWindow(string padding)
    {
        // 270,000 characters that fold to nothing (or to one space) once pushed the lure past the 256 Ki window.
        var text = "Hello." + string.Concat(Enumerable.Repeat(padding, 270_000)) + Lure;

        var context = TestEngines.Context(TestMessages.Text(text));

        Assert.Contains(" verify your account within 24 hours ", context.FoldedText, StringComparison.Ordinal);
    }

    [Fact]
    public void FoldedText_LureAfterAWindowOfVisibleText_IsOutOfIt()
    {
        // The window still bounds the folded text: what shows counts.
        var text = string.Concat(Enumerable.Repeat("lorem ipsum ", 300 * 1024 / 12)) + Lure;

        var context = TestEngines.Context(TestMessages.Text(text));

        Assert.DoesNotContain("verify your account", context.FoldedText, StringComparison.Ordinal);
        Assert.True(context.FoldedText.Length <= (256 * 1024) + 4096 + 16, $"{context.FoldedText.Length}");
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\uFE0F")]
    [InlineData("\u3164")]
    public void FoldedSubject_BrandAfterPaddingThatFoldsToNothing_IsInTheWindow(string padding)
    {
        var subject = string.Concat(Enumerable.Repeat(padding, 4100)) + "Your PayPal account is limited";

        var context = TestEngines.Context(TestMessages.Build(HeaderBlock.Standard().Set("Subject", TestMessages.EncodeWord(subject)), "Hello."));

        Assert.Equal(subject, context.Subject);
        Assert.Equal(" your paypal account is limited ", context.FoldedSubject);
        Assert.StartsWith(" your paypal account is limited ", context.FoldedText, StringComparison.Ordinal);
    }
}
