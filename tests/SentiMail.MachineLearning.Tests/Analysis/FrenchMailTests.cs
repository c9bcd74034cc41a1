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

        // The rules' French spam lures score it; the English-trained model abstains on both (see the next test).
        Assert.True(spam.Score > ham.Score, $"spam {spam.Score}, ham {ham.Score}");
        Assert.Contains(spam.Signals, s => s.Id == "content.spam-lure");
    }

    [Theory]
    [InlineData("ham-reunion-fr.eml")]
    [InlineData("spam-promo-fr.eml")]
    public async Task FrenchMail_TheEnglishModelAbstains(string file)
    {
        var report = await fixture.WithModel.AnalyzeFileAsync(Path.Combine(TestPaths.TestData, "french", file));

        var model = report.Signals.Single(s => s.Id == SentiMail.MachineLearning.Analysis.ModelSignals.Spam.Id);
        Assert.Equal(0, model.Weight);
        Assert.Contains(model.Evidence, e => e.Value == "abstains: not English");
    }

    [Theory]
    [InlineData("Compte-rendu de la réunion", "Voici le compte-rendu de la réunion de mardi. Pensez à mettre à jour vos estimations dans le tableau.", false)]
    [InlineData("Meeting notes", "Here are the notes of the meeting. Please update your estimates in the shared sheet before Thursday.", true)]
    [InlineData("Hallo", "Ich habe die Datei nicht, aber sie ist mit der Post unterwegs und das ist gut.", false)]
    [InlineData("$$$", "CLICK HERE 100% FREE!!! 555-0100", true)]
    [InlineData("", "", true)]
    public void TrainingLanguage_TellsEnglishFromOtherLanguages(string subject, string body, bool english)
    {
        Assert.Equal(english, SentiMail.MachineLearning.Features.TrainingLanguage.IsEnglishOrUnknown(subject, body));
    }
}
