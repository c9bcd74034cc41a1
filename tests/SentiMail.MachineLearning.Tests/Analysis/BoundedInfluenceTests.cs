using SentiMail.MachineLearning.Analysis;
using SentiMail.MachineLearning.Model;
using SentiMail.Scoring;

namespace SentiMail.MachineLearning.Tests.Analysis;

public sealed class BoundedInfluenceTests(ShippedModelFixture fixture) : IClassFixture<ShippedModelFixture>
{
    [Theory]
    [InlineData("malware-invoice-zip-en.eml")]
    [InlineData("malware-macro-doc-en.eml")]
    [InlineData("phishing-paypal-en.eml")]
    [InlineData("phishing-microsoft365-en.eml")]
    [InlineData("phishing-html-attachment-en.eml")]
    [InlineData("phishing-impots-fr.eml")]
    [InlineData("malware-facture-fr.eml")]
    public async Task StrongRuleEvidence_StaysMaliciousEvenAtProbabilityZero(string sample)
    {
        // The most the model may ever take off (the gap between the Malicious and Suspicious thresholds): strong
        // evidence lets it take off nothing.
        var options = new SpamModelOptions { MaxLower = 30 };
        var engine = Engine(new SpamModelAnalyzer(fixture.Model, options, _ => 0f));

        var report = await engine.AnalyzeFileAsync(Path.Combine(TestPaths.Samples, sample));

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var model = report.Signals.Single(s => s.Id == ModelSignals.Spam.Id);
        Assert.Equal(0, model.Weight);
        Assert.Contains(model.Evidence, e => e.Value.StartsWith("strong rule evidence: ", StringComparison.Ordinal));
        Assert.Contains(report.Signals, s => options.StrongEvidenceSignals.Contains(s.Id));
    }

    [Fact]
    public async Task WithoutStrongEvidence_ProbabilityZeroRemovesAtMostMaxLower()
    {
        var options = new SpamModelOptions();
        var file = Path.Combine(TestPaths.Samples, "clean-newsletter-en.eml");
        var rules = await EmailAnalyzer.CreateDefault().AnalyzeFileAsync(file);
        var engine = Engine(new SpamModelAnalyzer(fixture.Model, options, _ => 0f));

        var report = await engine.AnalyzeFileAsync(file);

        Assert.DoesNotContain(report.Signals, s => options.StrongEvidenceSignals.Contains(s.Id));
        Assert.Equal(-options.MaxLower, report.Signals.Single(s => s.Id == ModelSignals.Spam.Id).Weight);
        Assert.Equal(Math.Max(0, rules.Signals.Sum(s => s.Weight) - options.MaxLower), report.Score, 0.5);
    }

    [Fact]
    public async Task ProbabilityOne_AloneMakesOldStyleMailSuspiciousButNeverMalicious()
    {
        // A 2002 message from the corpus sample: none of the headers newer than the training mail.
        var options = new SpamModelOptions();
        var file = Path.Combine(TestPaths.CorpusSample, File.ReadLines(Path.Combine(TestPaths.CorpusSample, "sample.txt")).First(l => l.Contains(" easy-ham-1/", StringComparison.Ordinal)).Split(' ')[1]);
        var rules = await EmailAnalyzer.CreateDefault().AnalyzeFileAsync(file);
        var engine = Engine(new SpamModelAnalyzer(fixture.Model, options, _ => 1f));

        var report = await engine.AnalyzeFileAsync(file);

        Assert.Equal(options.MaxRaise, report.Signals.Single(s => s.Id == ModelSignals.Spam.Id).Weight);
        Assert.True(rules.Score + options.MaxRaise < 65, $"the sample should have few rule points ({rules.Score})");
        Assert.Equal(Verdict.Suspicious, report.Verdict);
    }

    [Fact]
    public async Task ProbabilityOne_OnCurrentMailIsCappedBelowSuspicious()
    {
        var options = new SpamModelOptions();
        var file = Path.Combine(TestPaths.Samples, "clean-personal-en.eml");
        var engine = Engine(new SpamModelAnalyzer(fixture.Model, options, _ => 1f));

        var report = await engine.AnalyzeFileAsync(file);

        var model = report.Signals.Single(s => s.Id == ModelSignals.Spam.Id);
        Assert.Equal(options.ModernMailMaxRaise, model.Weight);
        Assert.Contains(model.Evidence, e => e.Value.StartsWith("capped at 20: header ", StringComparison.Ordinal));
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Theory]
    [InlineData(0.0, false, -30.0)]
    [InlineData(0.1, false, -30.0)]
    [InlineData(0.25, false, -17.5)]
    [InlineData(0.5, false, 0.0)]
    [InlineData(0.75, false, 17.5)]
    [InlineData(0.9, false, 35.0)]
    [InlineData(0.99, false, 45.0)]
    [InlineData(1.0, false, 45.0)]
    [InlineData(0.0, true, 0.0)]
    [InlineData(0.25, true, 0.0)]
    [InlineData(0.9, true, 35.0)]
    [InlineData(double.NaN, false, 0.0)]
    [InlineData(7.0, false, 45.0)]
    [InlineData(-3.0, false, -30.0)]
    public void Weight_IsLinearInTheLogOddsThroughTheOperatingPointAndBounded(double probability, bool strong, double expected)
    {
        // Operating point 0.9: log-odds ln 9; 0.75 has log-odds ln 3, half of it, so half of the 35 points.
        Assert.Equal(expected, ModelInfluence.Weight(probability, strong, new SpamModelOptions(), operatingPoint: 0.9), 6);
    }

    [Theory]
    [InlineData(1.0, 20.0)]
    [InlineData(0.6, 6.5)]
    [InlineData(0.0, -30.0)]
    public void Weight_OnCurrentMailIsCapped(double probability, double expected)
    {
        Assert.Equal(expected, ModelInfluence.Weight(probability, strongEvidence: false, new SpamModelOptions(), operatingPoint: 0.9, modernMail: true), 6);
    }

    [Fact]
    public void Weight_OperatingPointOptionReplacesTheModels()
    {
        var options = new SpamModelOptions { OperatingPoint = 0.8 };

        Assert.Equal(options.OperatingPointWeight, ModelInfluence.Weight(0.8, strongEvidence: false, options, operatingPoint: 0.99), 6);
        Assert.True(ModelInfluence.Weight(0.8, strongEvidence: false, new SpamModelOptions(), operatingPoint: 0.99) < options.OperatingPointWeight);
    }

    [Fact]
    public async Task ShippedModel_AtItsOperatingPointMakesOldStyleMailSuspicious()
    {
        var options = new SpamModelOptions();
        var file = Path.Combine(TestPaths.CorpusSample, File.ReadLines(Path.Combine(TestPaths.CorpusSample, "sample.txt")).First(l => l.Contains(" easy-ham-1/", StringComparison.Ordinal)).Split(' ')[1]);
        var point = fixture.Model.OperatingPoint;

        var at = await Engine(new SpamModelAnalyzer(fixture.Model, options, _ => (float)point)).AnalyzeFileAsync(file);
        var below = await Engine(new SpamModelAnalyzer(fixture.Model, options, _ => (float)(point - 0.02))).AnalyzeFileAsync(file);

        Assert.InRange(point, 0.5, 1);
        Assert.Equal(options.OperatingPointWeight, at.Signals.Single(s => s.Id == ModelSignals.Spam.Id).Weight, 0.5);
        Assert.Equal(Verdict.Suspicious, at.Verdict);
        Assert.True(below.Signals.Single(s => s.Id == ModelSignals.Spam.Id).Weight < options.OperatingPointWeight - 1);
        Assert.Contains(at.Signals.Single(s => s.Id == ModelSignals.Spam.Id).Evidence, e => e.Value.StartsWith("operating point 0.", StringComparison.Ordinal));
    }

    private static EmailAnalyzer Engine(SpamModelAnalyzer model) => TestEngine.RulesThen(model);
}
