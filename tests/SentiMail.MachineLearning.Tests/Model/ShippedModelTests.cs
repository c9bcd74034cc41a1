using SentiMail.MachineLearning.Analysis;
using SentiMail.MachineLearning.Model;
using SentiMail.Scoring;

namespace SentiMail.MachineLearning.Tests.Model;

public sealed class ShippedModelTests(ShippedModelFixture fixture) : IClassFixture<ShippedModelFixture>
{
    [Fact]
    public void EmbeddedModel_CarriesItsMetadata()
    {
        var metadata = fixture.Model.Metadata;

        Assert.Equal(SpamModel.EmbeddedSource, fixture.Model.Source);
        Assert.Contains(metadata.Trainer, new[] { "SdcaLogisticRegression", "LightGbm", "FastTree" });
        Assert.Contains("SpamAssassin", metadata.Corpus, StringComparison.Ordinal);
        Assert.Contains("PDDL", metadata.Corpus, StringComparison.Ordinal);
        Assert.Contains("train.txt sha256", metadata.Split, StringComparison.Ordinal);
        Assert.Equal(3, metadata.Candidates.Count);
        Assert.NotNull(metadata.Validation);
        Assert.NotNull(metadata.Test);
        Assert.True(metadata.Test!.AreaUnderRocCurve > 0.95, $"test AUC {metadata.Test.AreaUnderRocCurve}");
        Assert.Contains("link.credential-form", metadata.SignalIds);
        Assert.Equal(5, metadata.CrossValidationFolds);
        Assert.All(metadata.Candidates, c => Assert.NotNull(c.WithoutTokens));
        Assert.True(metadata.Blend.Tokens > 10_000, $"{metadata.Blend.Tokens} tokens");
        Assert.True(metadata.Blend.ClassifierWeight > 0 && metadata.Blend.TokenWeight > 0, $"blend {metadata.Blend}");
    }

    [Fact]
    public async Task Reports_NameTheModelThatJudged_AndRulesOnlyReportsNone()
    {
        var sample = Path.Combine(TestPaths.Samples, "clean-newsletter-en.eml");
        var metadata = fixture.Model.Metadata;

        var withModel = await fixture.WithModel.AnalyzeFileAsync(sample);
        var rulesOnly = await fixture.RulesOnly.AnalyzeFileAsync(sample);

        Assert.Contains(withModel.Signals, s => s.Id == ModelSignals.Spam.Id);
        var version = Assert.Single(withModel.ModelVersions!);
        Assert.Equal("model", version.Key);
        Assert.Equal($"{metadata.Trainer} {metadata.TrainedAt:yyyy-MM-dd} sha256:{metadata.PipelineSha256![..12]}", version.Value);
        Assert.Null(rulesOnly.ModelVersions);
    }

    [Fact]
    public async Task Samples_AreRankedMaliciousAboveClean()
    {
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(TestPaths.Samples, "*.eml"))
        {
            var report = await fixture.WithModel.AnalyzeFileAsync(file);
            Assert.Contains(report.Signals, s => s.Id == ModelSignals.Spam.Id);
            scores[Path.GetFileName(file)] = report.Score;
        }

        var clean = scores.Where(s => s.Key.StartsWith("clean-", StringComparison.Ordinal)).ToList();
        var bad = scores.Where(s => !s.Key.StartsWith("clean-", StringComparison.Ordinal)).ToList();
        Assert.True(clean.Count >= 4 && bad.Count >= 8, "the repository samples are missing");
        var highestClean = clean.MaxBy(s => s.Value);
        var lowestBad = bad.MinBy(s => s.Value);
        Assert.True(lowestBad.Value > highestClean.Value, $"{lowestBad.Key} ({lowestBad.Value}) should score above {highestClean.Key} ({highestClean.Value})");
    }

    [Fact]
    public async Task Samples_ModelNeverLowersAThreatNorRaisesACleanMessage()
    {
        foreach (var file in Directory.EnumerateFiles(TestPaths.Samples, "*.eml"))
        {
            var rules = await fixture.RulesOnly.AnalyzeFileAsync(file);
            var model = await fixture.WithModel.AnalyzeFileAsync(file);
            var name = Path.GetFileName(file);
            if (name.StartsWith("clean-", StringComparison.Ordinal))
            {
                Assert.True(model.Verdict == Verdict.Clean, $"{name}: {model.Verdict} ({model.Score}) with the model: {string.Join(", ", model.Signals.Select(s => $"{s.Id}={s.Weight} {string.Join(";", s.Evidence.Select(e => e.Value))}"))}");
            }
            else
            {
                Assert.True(model.Verdict >= rules.Verdict, $"{name}: {rules.Verdict} with rules, {model.Verdict} with the model");
                Assert.Equal(Verdict.Malicious, model.Verdict);
            }

            // The other signals still explain the verdict: the model adds one signal and removes none.
            Assert.Equal(rules.Signals.Select(s => s.Id).Order(StringComparer.Ordinal), model.Signals.Select(s => s.Id).Where(id => id != ModelSignals.Spam.Id).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task CorpusSample_SpamGetsHigherProbabilityThanHam()
    {
        var spam = new List<double>();
        var ham = new List<double>();
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.CorpusSample, "sample.txt")))
        {
            var path = line.Split(' ')[1];
            var report = await fixture.WithModel.AnalyzeFileAsync(Path.Combine(TestPaths.CorpusSample, path));
            var probability = ProbabilityOf(report);
            (path.StartsWith("spam", StringComparison.Ordinal) ? spam : ham).Add(probability);
        }

        // Messages the model was trained on: it must separate them almost perfectly.
        Assert.True(spam.Average() > 0.8, $"mean spam probability {spam.Average():0.000}");
        Assert.True(ham.Average() < 0.2, $"mean ham probability {ham.Average():0.000}");
    }

    internal static double ProbabilityOf(Reporting.AnalysisReport report)
    {
        var evidence = report.Signals.Single(s => s.Id == ModelSignals.Spam.Id).Evidence.First(e => e.Value.StartsWith("probability ", StringComparison.Ordinal));
        return double.Parse(evidence.Value["probability ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
