using SentiMail.MachineLearning.Model;

namespace SentiMail.MachineLearning.Tests.Model;

public sealed class TokenBayesTests
{
    [Fact]
    public void Score_IsPositiveForSpamTokensNegativeForHamTokensAndZeroForUnknownOnes()
    {
        var bayes = Sample();

        Assert.True(bayes.Score([1, 2]) > 2, $"{bayes.Score([1, 2])}");
        Assert.True(bayes.Score([10, 11]) < -2, $"{bayes.Score([10, 11])}");
        Assert.Equal(0, bayes.Score([999, 1000]));
        Assert.Equal(0, bayes.Score([]));

        // Token 50 is in as many spam as ham: it says nothing.
        Assert.Equal(0, bayes.Score([50]));
    }

    [Fact]
    public void StrongestClues_AreWhatScoreAddsUp()
    {
        var bayes = Sample();
        ulong[] tokens = [1, 2, 10, 50, 999];
        var hashes = new ulong[TokenBayes.Clues];
        var clues = new double[TokenBayes.Clues];

        var count = bayes.StrongestClues(tokens, hashes, clues);

        // Known tokens only; 50, as often in spam as in ham, tells nothing and is no clue.
        Assert.Equal([1UL, 2, 10], hashes[..count]);
        Assert.Equal(bayes.Score(tokens), clues[..count].Sum(), 12);
        Assert.True(clues[0] > 0 && clues[2] < 0, string.Join(", ", clues[..count]));
    }

    [Fact]
    public void TokensSeenOnce_AreNotKept()
    {
        var bayes = Sample();

        Assert.Equal(0, bayes.Score([77]));
        Assert.Equal(5, bayes.Tokens);
    }

    [Fact]
    public void Score_SumsOnlyTheMostTellingClues()
    {
        // 40 spam tokens, each in all 4 spam: a message holding all of them scores as 20 of them do.
        var spam = Enumerable.Range(1, 40).Select(i => (ulong)i).ToArray();
        var bayes = TokenBayes.Train([.. Enumerable.Repeat(((IReadOnlyList<ulong>)spam, true), 4), ([500UL], false), ([500UL], false)]);

        Assert.Equal(bayes.Score(spam.AsSpan(0, TokenBayes.Clues)), bayes.Score(spam), 9);
        Assert.True(bayes.Score(spam) > bayes.Score(spam.AsSpan(0, 5)));
    }

    [Fact]
    public void WriteThenRead_GivesTheSameScores()
    {
        var bayes = Sample();
        using var buffer = new MemoryStream();
        bayes.Write(buffer);
        buffer.Position = 0;

        var read = TokenBayes.Read(buffer);

        Assert.Equal(bayes.Tokens, read.Tokens);
        Assert.Equal(bayes.SpamMessages, read.SpamMessages);
        Assert.Equal(bayes.HamMessages, read.HamMessages);
        foreach (ulong[] tokens in new[] { new ulong[] { 1, 2 }, [10, 11], [1, 10, 50] })
        {
            Assert.Equal(bayes.Score(tokens), read.Score(tokens));
        }
    }

    [Fact]
    public void Read_RefusesADuplicatedToken()
    {
        var bayes = Sample();
        using var buffer = new MemoryStream();
        bayes.Write(buffer);
        var bytes = buffer.ToArray();

        // The second entry's hash (20-byte header, 16 bytes per entry) overwritten with the first's.
        bytes.AsSpan(20, 8).CopyTo(bytes.AsSpan(36, 8));

        var error = Assert.Throws<InvalidDataException>(() => TokenBayes.Read(new MemoryStream(bytes)));
        Assert.Contains("token 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_RefusesOneClassOnly()
    {
        Assert.Throws<ArgumentException>(() => TokenBayes.Train([([1UL], true), ([2UL], true)]));
    }

    private static TokenBayes Sample() => TokenBayes.Train(
    [
        ([1, 2, 50], true),
        ([1, 2, 77], true),
        ([1, 2], true),
        ([10, 11, 50], false),
        ([10, 11], false),
        ([10, 11], false),
    ]);
}
