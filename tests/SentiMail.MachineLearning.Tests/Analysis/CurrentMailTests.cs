using Microsoft.Extensions.DependencyInjection;
using SentiMail.MachineLearning.Analysis;
using SentiMail.Scoring;

namespace SentiMail.MachineLearning.Tests.Analysis;

/// <summary>
/// The shipped model learned from 2002 mail and rates much current legitimate mail as likely spam: on mail with headers
/// newer than its corpus, it must never make a message the rules leave Clean Suspicious, while it may still add to rule
/// evidence that is Suspicious already.
/// </summary>
public sealed class CurrentMailTests(ShippedModelFixture fixture) : IClassFixture<ShippedModelFixture>
{
    // A shop's Black Friday mailing sent through a mailing service, with replies to its help-desk provider: the
    // Reply-To (12) and Return-Path (3) rules give it 15 points, and the shipped model rates its sales language as spam.
    private static string Promotion => Path.Combine(TestPaths.TestData, "current", "ham-promotion-en.eml");

    // A reply on a project's mailing list, relayed by the list with its DKIM signature.
    private static string ListPost => Path.Combine(TestPaths.TestData, "current", "ham-list-post-en.eml");

    [Fact]
    public async Task PromotionalNewsletter_TheRulesLeaveClean_StaysCleanWithTheShippedModel()
    {
        var rules = await fixture.RulesOnly.AnalyzeFileAsync(Promotion);
        var report = await fixture.WithModel.AnalyzeFileAsync(Promotion);

        Assert.Equal(Verdict.Clean, rules.Verdict);
        Assert.Equal(15, rules.Score);
        Assert.Equal(Verdict.Clean, report.Verdict);
        var model = report.Signals.Single(s => s.Id == ModelSignals.Spam.Id);
        Assert.True(model.Weight > 0, $"the shipped model should find this mailing spam-like (weight {model.Weight})");
        Assert.True(model.Weight <= 19.4, $"weight {model.Weight}");
        Assert.True(report.Score < 35, $"score {report.Score}");
    }

    [Fact]
    public async Task ListPost_StaysCleanWithTheShippedModel()
    {
        var report = await fixture.WithModel.AnalyzeFileAsync(ListPost);

        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task ProbabilityOne_OnCurrentMailTheRulesLeaveClean_StopsBelowTheThresholdAndSaysWhy()
    {
        var report = await Engine(_ => 1f).AnalyzeFileAsync(Promotion);

        var model = report.Signals.Single(s => s.Id == ModelSignals.Spam.Id);
        Assert.Equal(19.4, model.Weight, 6);
        Assert.Equal(34, report.Score);
        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Contains(model.Evidence, e => e.Value.StartsWith("capped at 19.4: header DKIM-Signature is newer than the training mail, and on such mail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACapOfZero_SaysTheModelMayAddNothing_NotThatItIsUndecided()
    {
        var report = await Engine(_ => 0.998f, spamModel: new SpamModelOptions { ModernMailMaxRaise = 0 }).AnalyzeFileAsync(Promotion);

        var model = report.Signals.Single(s => s.Id == ModelSignals.Spam.Id);
        Assert.Equal(0, model.Weight);
        Assert.Contains("99.8 % likely to be spam, but it may add nothing to this message", model.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("undecided", model.Description, StringComparison.Ordinal);
        Assert.Contains(model.Evidence, e => e.Value.StartsWith("capped at 0: header DKIM-Signature is newer than the training mail", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.998f, "it is set to add no points (MaxRaise is 0)")]
    [InlineData(0.01f, "it is set to take no points off (MaxLower is 0)")]
    public async Task BoundsOfZero_AreNamedInTheDescription(float probability, string expected)
    {
        var options = new SpamModelOptions { MaxRaise = 0, MaxLower = 0, BoundModernMail = false };

        var report = await Engine(_ => probability, spamModel: options).AnalyzeFileAsync(Promotion);

        var model = report.Signals.Single(s => s.Id == ModelSignals.Spam.Id);
        Assert.Equal(0, model.Weight);
        Assert.Contains(expected, model.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidBounds_AreRefusedByAnAnalyzerBuiltByHand()
    {
        // AddMachineLearning validates at start-up; an analyzer built without it must refuse the same values, not fail
        // on every message.
        var error = Assert.Throws<ArgumentException>(() => new SpamModelAnalyzer(fixture.Model, new SpamModelOptions { MaxLower = -50, OperatingPoint = 0.3 }));

        Assert.Contains("MaxLower", error.Message, StringComparison.Ordinal);
        Assert.Contains("OperatingPoint", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void RulePointsThatAreNotANumber_LeaveNoRoomOnCurrentMail()
    {
        var options = new SpamModelOptions();

        Assert.Equal(0, ModelInfluence.ModernMailCap(options, double.NaN, 35));
        Assert.Equal(0, ModelInfluence.Weight(0.999, strongEvidence: false, options, 0.8114, modernMail: true, ruleWeights: double.NaN));
    }

    [Fact]
    public async Task TheCap_ReadsTheEnginesScoringPolicy()
    {
        // An application that weighs Reply-To mismatches at 25: the rules give 28, so the model may add 6.4 at most.
        var heavier = await Engine(_ => 1f, o => o.Scoring.WeightOverrides["sender.reply-to-mismatch"] = 25).AnalyzeFileAsync(Promotion);
        Assert.Equal(6.4, heavier.Signals.Single(s => s.Id == ModelSignals.Spam.Id).Weight, 6);
        Assert.Equal(Verdict.Clean, heavier.Verdict);

        // With the Reply-To rule switched off the rules give 3, and the usual cap of 20 applies.
        var disabled = await Engine(_ => 1f, o => o.Scoring.DisabledSignals.Add("sender.reply-to-mismatch")).AnalyzeFileAsync(Promotion);
        Assert.Equal(20, disabled.Signals.Single(s => s.Id == ModelSignals.Spam.Id).Weight, 6);
        Assert.Equal(23, disabled.Score);

        // A higher Suspicious threshold leaves more room, still capped at 20 (the Malicious threshold moves with it, so
        // that MaxLower 30 still cannot make a Malicious message Clean).
        var lenient = await Engine(_ => 1f, o =>
        {
            o.Scoring.SuspiciousThreshold = 50;
            o.Scoring.MaliciousThreshold = 80;
        }).AnalyzeFileAsync(Promotion);
        Assert.Equal(20, lenient.Signals.Single(s => s.Id == ModelSignals.Spam.Id).Weight, 6);
    }

    [Fact]
    public async Task AModelTrainedOnCurrentMail_CanLiftTheBounds()
    {
        var report = await Engine(_ => 1f, spamModel: new SpamModelOptions { BoundModernMail = false }).AnalyzeFileAsync(Promotion);

        var model = report.Signals.Single(s => s.Id == ModelSignals.Spam.Id);
        Assert.Equal(45, model.Weight, 6);
        Assert.DoesNotContain(model.Evidence, e => e.Value.StartsWith("capped at", StringComparison.Ordinal));
        Assert.Equal(Verdict.Suspicious, report.Verdict);
    }

    [Fact]
    public async Task RuleEvidenceAlreadySuspicious_StillGetsTheModelsSupport()
    {
        // The same mailing with Reply-To mismatches weighed at 40: Suspicious by the rules (43), the model adds its 20.
        var report = await Engine(_ => 1f, o => o.Scoring.WeightOverrides["sender.reply-to-mismatch"] = 40).AnalyzeFileAsync(Promotion);

        Assert.Equal(20, report.Signals.Single(s => s.Id == ModelSignals.Spam.Id).Weight, 6);
        Assert.Equal(63, report.Score);
    }

    [Fact]
    public async Task TheHostsScoringPolicy_ReachesTheModelThroughDependencyInjection()
    {
        using var services = new ServiceCollection()
            .AddSentiMail(o => o.Scoring.WeightOverrides["sender.reply-to-mismatch"] = 30)
            .AddMachineLearning()
            .Services.BuildServiceProvider();

        var report = await services.GetRequiredService<IEmailAnalyzer>().AnalyzeFileAsync(Promotion);

        // The rules give 33: whatever the shipped model thinks, it may add 1.4 at most.
        Assert.Equal(33, report.Signals.Where(s => s.Id != ModelSignals.Spam.Id).Sum(s => s.Weight), 6);
        Assert.InRange(report.Signals.Single(s => s.Id == ModelSignals.Spam.Id).Weight, -30, 1.4);
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Theory]
    [InlineData(0.0, 20.0)]
    [InlineData(-10.0, 20.0)]
    [InlineData(14.5, 19.9)]
    [InlineData(15.0, 19.4)]
    [InlineData(30.0, 4.4)]
    [InlineData(34.4, 0.0)]
    [InlineData(34.5, 20.0)]
    [InlineData(40.0, 20.0)]
    public void Weight_OnCurrentMail_KeepsWhatTheRulesLeaveCleanBelowTheThreshold(double ruleWeights, double expected)
    {
        var weight = ModelInfluence.Weight(1.0, strongEvidence: false, new SpamModelOptions(), operatingPoint: 0.9, modernMail: true, ruleWeights, suspiciousThreshold: 35);

        Assert.Equal(expected, weight, 6);
    }

    [Fact]
    public void Weight_OnCurrentMail_NeverTurnsAnyCleanRuleScoreSuspicious()
    {
        var options = new SpamModelOptions();
        for (var tenths = -100; tenths <= 400; tenths++)
        {
            var rules = tenths / 10.0;
            var weight = ModelInfluence.Weight(1.0, strongEvidence: false, options, operatingPoint: 0.9, modernMail: true, rules, suspiciousThreshold: 35);
            if (ModelInfluence.CombinedScore(rules, 0) < 35)
            {
                Assert.True(ModelInfluence.CombinedScore(rules, weight) < 35, $"rules {rules} + model {weight}");
            }
            else
            {
                Assert.Equal(options.ModernMailMaxRaise, weight, 6);
            }
        }
    }

    [Fact]
    public void Weight_OnCurrentMail_LowersAsBefore_AndOldStyleMailIsNotCapped()
    {
        var options = new SpamModelOptions();

        Assert.Equal(-30, ModelInfluence.Weight(0.0, strongEvidence: false, options, operatingPoint: 0.9, modernMail: true, ruleWeights: 15), 6);
        Assert.Equal(45, ModelInfluence.Weight(1.0, strongEvidence: false, options, operatingPoint: 0.9, modernMail: false, ruleWeights: 15), 6);
    }

    private EmailAnalyzer Engine(Func<SentiMail.MachineLearning.Features.SpamModelInput, float> probability, Action<SentiMailOptions>? configure = null, SpamModelOptions? spamModel = null)
    {
        var options = new SentiMailOptions();
        configure?.Invoke(options);
        var model = new SpamModelAnalyzer(fixture.Model, spamModel ?? new SpamModelOptions(), probability, options.Scoring);
        return TestEngine.RulesThen(model, options);
    }
}
