using SentiMail.Text;

namespace SentiMail.Tests.Text;

public class TextSanitizerTests
{
    [Theory]
    [InlineData("plain", 10, "plain")]
    [InlineData("line\r\nbreak", 50, "line\\u{000D}\\u{000A}break")]
    [InlineData("a\u202Eb", 50, "a\\u{202E}b")]
    [InlineData("zero\u200Bwidth", 50, "zero\\u{200B}width")]
    [InlineData("abcdef", 3, "abc…")]
    [InlineData(null, 5, "")]
    [InlineData("", 5, "")]
    public void ForDisplay_Text_IsShortenedAndEscaped(string? input, int max, string expected)
    {
        Assert.Equal(expected, TextSanitizer.ForDisplay(input, max));
    }

    [Theory]
    [InlineData('\u202E', true, true)]
    [InlineData('\u2066', true, true)]
    [InlineData('\u200E', true, true)]
    [InlineData('\u200B', true, false)]
    [InlineData('\u00AD', true, false)]
    [InlineData('a', false, false)]
    public void IsInvisibleOrBidi_Character_IsClassified(char c, bool invisibleOrBidi, bool bidi)
    {
        Assert.Equal(invisibleOrBidi, TextSanitizer.IsInvisibleOrBidi(c));
        Assert.Equal(bidi, TextSanitizer.IsBidiControl(c));
    }
}
