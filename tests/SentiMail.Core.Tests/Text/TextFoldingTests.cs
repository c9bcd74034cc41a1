using System.Text;
using SentiMail.Text;

namespace SentiMail.Tests.Text;

public class TextFoldingTests
{
    [Theory]
    [InlineData("Élève à l'école", " eleve a l ecole ")]
    [InlineData("Cœur ŒUVRE", " coeur oeuvre ")]
    [InlineData("Straße", " strasse ")]
    [InlineData("Ærø Øre Łódź", " aero ore lodz ")]
    [InlineData("Micro\u200Bsoft Pay\u00ADPal", " microsoft paypal ")]
    [InlineData("Hello,   World!!! 42", " hello world 42 ")]
    [InlineData("Привет мир", " ###### ### ")]
    [InlineData("PayPal-Login", " paypal login ")]
    [InlineData("", " ")]
    [InlineData("   ", " ")]
    [InlineData("a", " a ")]
    [InlineData("日本", " ## ")]
    [InlineData("tab\there\nnew line", " tab here new line ")]
    [InlineData("ＶＥＲＩＦＹ ｙｏｕｒ ａｃｃｏｕｎｔ ０１２", " verify your account 012 ")]
    [InlineData("\U0001D415\U0001D41E\U0001D42B\U0001D422\U0001D41F\U0001D432 \U0001D4E5\U0001D4EE",  " verify ve ")]
    [InlineData("Tiếng Việt ở đây", " tieng viet o day ")]
    [InlineData("ﬁnancial oﬃce", " financial office ")]
    [InlineData("\u1D43\u1D48\u1D50\u2071\u207F login", " admin login ")]
    [InlineData("smile \U0001F600 now", " smile now ")]
    [InlineData("\U00020000 ok", " # ok ")]
    [InlineData("lone \uD835 surrogate", " lone surrogate ")]
    public void Fold_Text_IsLowercaseAsciiWithSinglePadding(string input, string expected)
    {
        Assert.Equal(expected, TextFolding.Fold(input));
    }

    [Fact]
    public void Fold_MaxLength_ReadsOnlyThatMuch()
    {
        Assert.Equal(" abc ", TextFolding.Fold("abcdef", 3));
    }

    [Fact]
    public void Fold_IntoBuilder_JoinsWithOneSpace()
    {
        var sb = new StringBuilder();

        TextFolding.Fold("Subject", sb);
        TextFolding.Fold("Body text", sb);

        Assert.Equal(" subject body text ", sb.ToString());
    }

    [Fact]
    public void Fold_NullBuilder_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => TextFolding.Fold("x", null!));
    }
}
