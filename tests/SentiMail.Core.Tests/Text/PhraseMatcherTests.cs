using SentiMail.Text;

namespace SentiMail.Tests.Text;

public class PhraseMatcherTests
{
    [Theory]
    [InlineData("Please pay now.", 1)]
    [InlineData("Payment due.", 0)]
    [InlineData("Prepay or repay.", 0)]
    [InlineData("PAY! pay, Pay.", 3)]
    [InlineData("pay", 1)]
    public void Count_SingleWordPhrase_MatchesWholeWordsOnly(string text, int expected)
    {
        var matcher = new PhraseMatcher(["pay"]);
        var counts = new int[1];

        var total = matcher.Count(TextFolding.Fold(text), counts);

        Assert.Equal(expected, total);
        Assert.Equal(expected, counts[0]);
    }

    [Fact]
    public void Count_OverlappingPhrases_AreAllCounted()
    {
        var matcher = new PhraseMatcher(["verify your account", "your account", "account", "account suspended"]);
        var counts = new int[4];

        var total = matcher.Count(TextFolding.Fold("Please verify your account now: account suspended."), counts);

        Assert.Equal([1, 1, 2, 1], counts);
        Assert.Equal(5, total);
    }

    [Fact]
    public void Count_PhrasesWithAccentsAndPunctuation_AreFoldedLikeText()
    {
        var matcher = new PhraseMatcher(["délai de paiement", "l'expéditeur", "re-enter your password"]);
        var counts = new int[3];

        matcher.Count(TextFolding.Fold("DELAI DE PAIEMENT dépassé, retour à l’expéditeur. Re enter your password."), counts);

        Assert.Equal([1, 1, 1], counts);
    }

    [Fact]
    public void Count_CountsAccumulate_AcrossCalls()
    {
        var matcher = new PhraseMatcher(["invoice"]);
        var counts = new int[1];

        matcher.Count(TextFolding.Fold("invoice"), counts);
        matcher.Count(TextFolding.Fold("invoice invoice"), counts);

        Assert.Equal(3, counts[0]);
    }

    [Fact]
    public void Count_ShortCountsSpan_Throws()
    {
        var matcher = new PhraseMatcher(["a", "b"]);

        Assert.Throws<ArgumentException>(() => matcher.Count(" a ", new int[1]));
    }

    [Fact]
    public void Count_EmptyPhrase_IsIgnored()
    {
        var matcher = new PhraseMatcher(["", "  ", "ok"]);
        var counts = new int[3];

        Assert.Equal(3, matcher.PhraseCount);
        Assert.Equal(1, matcher.Count(TextFolding.Fold("it is ok"), counts));
        Assert.Equal([0, 0, 1], counts);
    }

    [Fact]
    public void FindFirst_Text_ReturnsFirstPhraseFoundOrMinusOne()
    {
        var matcher = new PhraseMatcher(["alpha", "beta"]);

        Assert.Equal(1, matcher.FindFirst(TextFolding.Fold("x beta alpha")));
        Assert.Equal(-1, matcher.FindFirst(TextFolding.Fold("alphabet betamax")));
    }

    [Fact]
    public void Constructor_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new PhraseMatcher(null!));
    }
}
