using SentiMail.Scoring;

namespace SentiMail.MachineLearning.Tests.Analysis;

/// <summary>The model was trained on English mail from 2002: French mail must not be judged worse for its language.</summary>
public sealed class FrenchMailTests(ShippedModelFixture fixture) : IClassFixture<ShippedModelFixture>
{
    [Theory]
    [InlineData("clean-colleague-fr.eml")]
    [InlineData("clean-order-confirmation-fr.eml")]
    public async Task FrenchHam_StaysClean(string sample)
    {
        var report = await fixture.WithModel.AnalyzeFileAsync(Path.Combine(TestPaths.Samples, sample));

        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Theory]
    [InlineData("phishing-impots-fr.eml")]
    [InlineData("phishing-laposte-colis-fr.eml")]
    [InlineData("malware-facture-fr.eml")]
    public async Task FrenchThreats_StayMalicious(string sample)
    {
        var report = await fixture.WithModel.AnalyzeFileAsync(Path.Combine(TestPaths.Samples, sample));

        Assert.Equal(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public async Task FrenchPlainHam_IsNotMarkedByTheModelAlone()
    {
        var report = await fixture.WithModel.AnalyzeFileAsync(Path.Combine(TestPaths.TestData, "french", "ham-reunion-fr.eml"));

        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task FrenchSpam_ScoresAboveFrenchHam()
    {
        var ham = await fixture.WithModel.AnalyzeFileAsync(Path.Combine(TestPaths.TestData, "french", "ham-reunion-fr.eml"));
        var spam = await fixture.WithModel.AnalyzeFileAsync(Path.Combine(TestPaths.TestData, "french", "spam-promo-fr.eml"));

        Assert.True(spam.Score > ham.Score, $"spam {spam.Score}, ham {ham.Score}");
        Assert.True(Model.ShippedModelTests.ProbabilityOf(spam) > Model.ShippedModelTests.ProbabilityOf(ham));
    }
}
