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
