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
