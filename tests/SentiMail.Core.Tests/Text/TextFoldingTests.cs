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
    // Circled, squared, negative circled and negative squared Latin letters.
    [InlineData("\u24C5\u24D0\u24E8\u24C5\u24D0\u24DB", " paypal ")]
    [InlineData("\U0001F13F\U0001F130\U0001F148\U0001F13F\U0001F130\U0001F13B", " paypal ")]
    [InlineData("\U0001F15F\U0001F150\U0001F168\U0001F15F\U0001F150\U0001F15B", " paypal ")]
    [InlineData("\U0001F17F\U0001F170\U0001F188\U0001F17F\U0001F170\U0001F17B \U0001F18A", " paypal ")]
    [InlineData("Tiếng Việt ở đây", " tieng viet o day ")]
    [InlineData("ﬁnancial oﬃce", " financial office ")]
    [InlineData("\u1D43\u1D48\u1D50\u2071\u207F login", " admin login ")]
    [InlineData("smile \U0001F600 now", " smile now ")]
    [InlineData("\U00020000 ok", " # ok ")]
    [InlineData("lone \uD835 surrogate", " lone surrogate ")]
    [InlineData("\u1D18\u1D00\u028F\u1D18\u1D00\u029F \uA4D1ay\uA4D1al P\u0251yP\u0251l", " paypal paypal paypal ")]
    [InlineData("\u029F\u1D0F\u0262\u026A\u0274 \uA4EE\uA4D1\uA4D1\uA4E1\uA4F0 \u0261oo\u0261le", " login apple google ")]
    [InlineData("\u1D00\u0299\u1D04\u1D05\u1D07\uA730\u0262\u029C\u026A\u1D0A\u1D0B\u029F\u1D0D\u0274\u1D0F\u1D18\uA7AF\u0280\uA731\u1D1B\u1D1C\u1D20\u1D21\u028F\u1D22", " abcdefghijklmnopqrstuvwyz ")]
    [InlineData("your account\uA4F8 now\uA4F9 ok", " your account now ok ")]
    [InlineData("\uA4D5\uA4E5 \u0259", " ## # ")]
    [InlineData("E\u0301le\u0300ve a\u0300 l'e\u0301cole", " eleve a l ecole ")]
    [InlineData("Veri\u0307fy your acco\u0307unt", " verify your account ")]
    [InlineData("PayPa\u0323l Pay\u0335Pal", " paypal paypal ")]
    [InlineData("Pay\u20DDPal \u20DD", " paypal ")]
    [InlineData("Pay\U0001D167Pal", " paypal ")]
    [InlineData("\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD", " #### ")]
    public void Fold_Text_IsLowercaseAsciiWithSinglePadding(string input, string expected)
    {
        Assert.Equal(expected, TextFolding.Fold(input));
    }

    /// <summary>Default_Ignorable_Code_Point in DerivedCoreProperties.txt (Unicode 16.0), written out again.</summary>
    private static readonly (int First, int Last)[] s_defaultIgnorables =
    [
        (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
        (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
        (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
    ];

    public static TheoryData<string> InvisibleClasses => new()
    {
        "\u2061", "\u2062", "\u2063", "\u2064", "\u034F", "\uFE0F", "\U000E0100", "\U000E01EF", "\U000E0001", "\U000E0050",
        "\u180B", "\u180F", "\u17B4", "\u115F", "\u1160", "\u3164", "\uFFA0", "\u200B", "\u00AD", "\u202E",
    };

    [Fact]
    public void DefaultIgnorables_AreExactlyTheUnicodeList()
    {
        for (var cp = 0; cp <= 0x10FFFF; cp++)
        {
            var expected = s_defaultIgnorables.Any(r => cp >= r.First && cp <= r.Last);
            Assert.True(expected == DefaultIgnorables.Contains(cp), $"U+{cp:X4}");
        }
    }

    [Fact]
    public void Fold_EveryDefaultIgnorableInsideAWord_IsDropped()
    {
        foreach (var (first, last) in s_defaultIgnorables)
        {
            for (var cp = first; cp <= last; cp++)
            {
                var folded = TextFolding.Fold("Pay" + char.ConvertFromUtf32(cp) + "Pal");
                Assert.True(folded == " paypal ", $"U+{cp:X4}: '{folded}'");
            }
        }
    }

    [Theory]
    [InlineData("Pay\u00A0Pal")]
    [InlineData("Pay\u2000Pal")]
    [InlineData("Pay\u200APal")]
    [InlineData("Pay\u202FPal")]
    [InlineData("Pay\u205FPal")]
    [InlineData("Pay\u3000Pal")]
    [InlineData("Pay\u2028Pal")]
    public void Fold_SpaceThatShows_StillSeparatesWords(string text)
    {
        Assert.Equal(" pay pal ", TextFolding.Fold(text));
    }

    [Theory]
    [MemberData(nameof(InvisibleClasses))]
    public void Fold_MebibyteOfOneInvisibleCharacter_IsDroppedInOnePass(string invisible)
    {
        var text = "Verify your acc" + string.Concat(Enumerable.Repeat(invisible, 1024 * 1024 / invisible.Length)) + "ount";

        Assert.Equal(" verify your account ", TextFolding.Fold(text));
    }

    [Theory]
    [InlineData("\u0307")]
    [InlineData("\u0335")]
    [InlineData("\u20DD")]
    [InlineData("\U0001D167")]
    public void Fold_MebibyteOfCombiningMarksOnALetter_IsDroppedInOnePass(string mark)
    {
        var text = "Verify your acc" + string.Concat(Enumerable.Repeat(mark, 1024 * 1024 / mark.Length)) + "ount";

        Assert.Equal(" verify your account ", TextFolding.Fold(text));
    }

    [Theory]
    [InlineData('\u1D18', 'p')]
    [InlineData('\u0251', 'a')]
    [InlineData('\uA4D1', 'p')]
    public void Fold_MebibyteOfLookalikeLetters_FoldsInOnePass(char lookalike, char ascii)
    {
        Assert.Equal(" " + new string(ascii, 1024 * 1024) + " ", TextFolding.Fold(new string(lookalike, 1024 * 1024)));
    }

    [Theory]
    [InlineData("abcdef", " abc ")]
    [InlineData("a\u200B\u200B\u200B\u200Bbcdef", " abc ")]
    [InlineData("a\u0307\u0307\u0307\u0307\u0307bcdef", " abc ")]
    [InlineData("a      b  c d", " a b ")]
    public void Fold_MaxLength_BoundsTheFoldedText(string text, string expected)
    {
        Assert.Equal(expected, TextFolding.Fold(text, 3));
    }

    [Fact]
    public void Fold_MaxLength_CountsFromTheEndOfTheBuilder()
    {
        var sb = new StringBuilder();

        TextFolding.Fold("Subject line", sb, 4);
        TextFolding.Fold("\u200B\u200B\u200B\u200B\u200B body text", sb, 4);

        Assert.Equal(" subj body ", sb.ToString());
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
