using SentiMail.Text;

namespace SentiMail.Tests.Text;

public class ConfusablesTests
{
    [Theory]
    [InlineData("p\u0430ypal", "paypal")]
    [InlineData("PAYPAL", "paypal")]
    [InlineData("paypa1", "paypal")]
    [InlineData("rnicrosoft", "microsoft")]
    [InlineData("micros0ft", "microsoft")]
    [InlineData("g\u043e\u043egle", "google")]
    [InlineData("amaz\u03bfn", "amazon")]
    [InlineData("cl\u00e9", "dé")]
    [InlineData("vvells", "wells")]
    [InlineData("\u1D18\u1D00\u028F\u1D18\u1D00\u029F", "paypal")]
    [InlineData("\uA4D1ay\uA4D1al", "paypal")]
    [InlineData("m\u026Acrosoft", "microsoft")]
    public void Skeleton_LookAlikes_AreEqual(string lookalike, string genuine)
    {
        Assert.Equal(Confusables.Skeleton(genuine), Confusables.Skeleton(lookalike));
    }

    [Theory]
    [InlineData("PayPaI", "paypal")]
    [InlineData("Paypa1", "paypal")]
    [InlineData("Micr0soft", "microsoft")]
    [InlineData("MICR0SOFT", "microsoft")]
    [InlineData("MlCROSOFT", "microsoft")]
    [InlineData("M1CROSOFT", "microsoft")]
    [InlineData("rnicrosoft", "microsoft")]
    [InlineData("VVestpac", "westpac")]
    [InlineData("Pay\u200BPaI", "paypal")]
    [InlineData("\u0440\u0430\u0443\u0440\u0430\u04CF", "paypal")]
    [InlineData("\u0430\u0440\u0440\u04CF\u0435", "apple")]
    [InlineData("\u0441\u0456\u0442\u0456", "citi")]
    public void WordSkeleton_LookAlikes_ReadAsTheName(string lookalike, string name)
    {
        Assert.Equal(WordSkeleton(name), WordSkeleton(lookalike));
    }

    [Theory]
    [InlineData("paypai", "paypal")]
    [InlineData("PAYPAI", "paypal")]
    [InlineData("Mlcrosoft", "microsoft")]
    public void WordSkeleton_CaseTellsIFromL(string word, string other)
    {
        Assert.NotEqual(WordSkeleton(other), WordSkeleton(word));
    }

    [Fact]
    public void WordSkeleton_LetterWithoutLatinReading_HasNone()
    {
        Assert.Equal(-1, Confusables.WordSkeleton("\u043F\u0440\u0438\u043C\u0435\u0440", new char[Confusables.MaxWordSkeletonLength]));
    }

    private static string WordSkeleton(string word)
    {
        var buffer = new char[Confusables.MaxWordSkeletonLength];
        var length = Confusables.WordSkeleton(word, buffer);
        Assert.True(length > 0, word);
        return new string(buffer, 0, length);
    }

    [Theory]
    [InlineData("paypal", "payrol")]
    [InlineData("laposte", "lapostes")]
    public void Skeleton_DifferentNames_Differ(string a, string b)
    {
        Assert.NotEqual(Confusables.Skeleton(a), Confusables.Skeleton(b));
    }

    [Theory]
    [InlineData("p\u0430ypal", true)]
    [InlineData("lap\u043este", true)]
    [InlineData("\u03b1pple", true)]
    [InlineData("paypal", false)]
    [InlineData("\u043f\u0440\u0438\u043c\u0435\u0440", false)]
    [InlineData("caf\u00e9", false)]
    [InlineData("123", false)]
    [InlineData("\uA4D1ay\uA4D1al", true)]
    [InlineData("Pay\u1D18al", true)]
    [InlineData("p\u0251yp\u0251l", true)]
    [InlineData("\u1D18\u1D00\u028F\u1D18\u1D00\u029F", false)]
    [InlineData("\uA4D1\uA4EE\uA4EC", false)]
    [InlineData("\u026An\u02C8v\u0254\u026As", false)]
    [InlineData("w\u028Frd\u0259", false)]
    [InlineData("", false)]
    public void IsMixedScript_Word_TellsLatinMixedWithLookalikeLetters(string word, bool expected)
    {
        Assert.Equal(expected, Confusables.IsMixedScript(word));
    }

    [Fact]
    public void GetScripts_Word_ListsEveryScript()
    {
        Assert.Equal(ScriptSet.Latin | ScriptSet.Cyrillic | ScriptSet.Other, Confusables.GetScripts("a\u0430\u65e5"));
        Assert.Equal(ScriptSet.None, Confusables.GetScripts("1-2"));
        Assert.Equal(ScriptSet.Latin | ScriptSet.Lisu, Confusables.GetScripts("\u1D18a\uA4D1"));
    }
}
