using SentiMail.MachineLearning.Analysis;
using SentiMail.MachineLearning.Features;
using SentiMail.Reporting;

namespace SentiMail.MachineLearning.Tests.Analysis;

/// <summary>The model's signal names the message's strongest clues in its token statistics, so that a reader sees
/// what in the message the model found spam-like or ham-like.</summary>
public sealed class ModelCluesTests(ShippedModelFixture fixture) : IClassFixture<ShippedModelFixture>
{
    [Fact]
    public async Task WhenTheModelAddsPoints_ItNamesItsStrongestClues()
    {
        var report = await AnalyzeAsync(Path.Combine(TestPaths.CorpusSample, "spam-2/01317.2fb1c15091162a0a83cb7020e45e8de6.txt"));

        var model = ModelSignal(report);
        Assert.True(model.Weight > 0);
        var clues = Assert.Single(model.Evidence, e => e.Value.StartsWith(ModelSignals.SpamCluesPrefix, StringComparison.Ordinal));
        var named = clues.Value[ModelSignals.SpamCluesPrefix.Length..].Split(", ");
        Assert.InRange(named.Length, 1, 6);
        Assert.All(named, n => Assert.Matches("""^(header field \S+|(subject |Received |[A-Za-z-]+ )?"[^"]+"|part type \S+)$""", n));
    }

    [Fact]
    public async Task WhenTheModelAddsPoints_ItNamesWhatItsTreesLeanedOn()
    {
        var report = await AnalyzeAsync(Path.Combine(TestPaths.CorpusSample, "spam-2/01317.2fb1c15091162a0a83cb7020e45e8de6.txt"));

        var model = ModelSignal(report);
        Assert.True(model.Weight > 0);
        var reasons = model.Evidence.Where(e => e.Value.StartsWith("the classifier leaned towards", StringComparison.Ordinal)).ToList();
        Assert.Contains(reasons, e => e.Value.StartsWith(ModelSignals.ClassifierSpamPrefix, StringComparison.Ordinal));
        foreach (var reason in reasons)
        {
            var named = reason.Value[(reason.Value.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(", ");
            Assert.InRange(named.Length, 1, 6);

            // A rule signal the message raised, or one of the message's counted facts: never a hashed word.
            Assert.All(named, n => Assert.True(
                n.StartsWith("rule signal ", StringComparison.Ordinal) ? report.Signals.Any(s => s.Id == n["rule signal ".Length..]) : Enumerable.Range(0, SpamModelInput.CountSlots).Any(c => MessageFeatures.NameInput(SpamModelInput.TextSlots + SpamModelInput.SignalSlots + c, []) == n),
                n));
        }
    }

    [Fact]
    public async Task WhenTheBlendGivesTheClassifierNoWeight_ItsReasonsAreNotShown()
    {
        // A model whose blend reads the token statistics only: what moved its trees did not move the probability.
        var path = await Model.ModelFileCopies.CopyOfTheShippedModelAsync("metadata.json", bytes =>
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(bytes)!.AsObject();
            json["blend"]!["classifierWeight"] = 0;
            return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
        });
        var model = SentiMail.MachineLearning.Model.SpamModel.Load(path);
        Assert.Equal(0, model.Metadata.Blend.ClassifierWeight);
        var engine = TestEngine.RulesThen(new SpamModelAnalyzer(model, new SpamModelOptions { BoundModernMail = false }));

        var report = await engine.AnalyzeAsync(await File.ReadAllBytesAsync(Path.Combine(TestPaths.CorpusSample, "spam-2/01317.2fb1c15091162a0a83cb7020e45e8de6.txt")));

        var signal = ModelSignal(report);
        Assert.True(signal.Weight > 0, signal.Description);
        Assert.Contains(signal.Evidence, e => e.Value.StartsWith(ModelSignals.SpamCluesPrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(signal.Evidence, e => e.Value.StartsWith("the classifier leaned towards", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryCountSlotHasAName_AndTextSlotsHaveNone()
    {
        var start = SpamModelInput.TextSlots + SpamModelInput.SignalSlots;
        var names = Enumerable.Range(0, SpamModelInput.CountSlots).Select(c => MessageFeatures.NameInput(start + c, [])).ToList();

        Assert.All(names, Assert.NotNull);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Null(MessageFeatures.NameInput(0, ["x.y"]));
        Assert.Equal("rule signal link.ip-literal", MessageFeatures.NameInput(SpamModelInput.TextSlots + 1, ["x.y", "link.ip-literal"]));
        Assert.Null(MessageFeatures.NameInput(SpamModelInput.TextSlots + 2, ["x.y", "link.ip-literal"]));
    }

    [Fact]
    public async Task WhenTheModelLowersTheScoreOfAMessageTheRulesLeaveClean_ItNamesNoClues()
    {
        var report = await AnalyzeAsync(Path.Combine(TestPaths.CorpusSample, "easy-ham-1/00842.85c0352fd0fd5ed7b6008fbe62b42bb2.txt"));

        var model = ModelSignal(report);
        Assert.True(model.Weight < 0);
        Assert.DoesNotContain(model.Evidence, e => e.Value.StartsWith("seen mostly in", StringComparison.Ordinal));
        Assert.DoesNotContain(model.Evidence, e => e.Value.StartsWith("the classifier leaned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SpamSample_NamesWordsOfTheMessage()
    {
        var path = Path.Combine(TestPaths.CorpusSample, "spam-2/01317.2fb1c15091162a0a83cb7020e45e8de6.txt");
        var text = await ContextProbe.RunAsync(await File.ReadAllBytesAsync(path), (context, _) =>
            string.Join('\n', context.Message.Headers.Select(h => h.Field + ": " + h.Value).Append(context.TextBody).Append(context.HtmlBody)).ToLowerInvariant());

        var report = await AnalyzeAsync(path);

        // Every quoted word is in the message as the tokenizer read it: its headers and decoded bodies, lowercased.
        foreach (var evidence in ModelSignal(report).Evidence.Where(e => e.Value.StartsWith("seen mostly in", StringComparison.Ordinal)))
        {
            foreach (var quoted in System.Text.RegularExpressions.Regex.Matches(evidence.Value, "\"([^\"]+)\"").Select(m => m.Groups[1].Value))
            {
                Assert.Contains(quoted, text, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("current/ham-promotion-en.eml", 10)]                                  // current mail: 15 rule points
    [InlineData("corpus-sample/easy-ham-1/00842.85c0352fd0fd5ed7b6008fbe62b42bb2.txt", 2)] // 2002 mail: 3 rule points
    public async Task WhenTheModelTakesPointsOffAMessageTheRulesWouldMark_ItNamesItsClues(string sample, int threshold)
    {
        // The message's rule points (sender mismatches) reach this policy's threshold, so the model's lowering decides
        // the verdict: the reader is told why.
        var file = Path.Combine(TestPaths.TestData, sample);
        var options = new SentiMailOptions();
        options.Scoring.SuspiciousThreshold = threshold;
        var rules = await EmailAnalyzer.CreateDefault().AnalyzeFileAsync(file);
        Assert.InRange(rules.Score, threshold, 34);
        var engine = TestEngine.RulesThen(new SpamModelAnalyzer(fixture.Model, new SpamModelOptions(), _ => 0.01f, options.Scoring), options);

        var report = await engine.AnalyzeFileAsync(file);

        var model = ModelSignal(report);
        Assert.True(model.Weight < 0);
        Assert.Contains(model.Evidence, e => e.Value.StartsWith("seen mostly in", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ham-reunion-fr.eml")]
    [InlineData("spam-promo-fr.eml")]
    public async Task WhenTheModelAbstains_ItNamesNoClues(string file)
    {
        var report = await fixture.WithModel.AnalyzeFileAsync(Path.Combine(TestPaths.TestData, "french", file));

        Assert.DoesNotContain(ModelSignal(report).Evidence, e => e.Value.StartsWith("seen mostly in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostileFieldNamesAndWords_StayShortAndPrintable()
    {
        var longName = "X-" + new string('A', 400);
        var message = $"From: a@example.org\r\nTo: b@example.org\r\nSubject: hello\r\n{longName}: v\r\nContent-Type: text/plain\r\n\r\n{string.Join(' ', Enumerable.Repeat("remove free click money", 50))}\r\n";

        var report = await fixture.WithModel.AnalyzeAsync(System.Text.Encoding.ASCII.GetBytes(message));

        Assert.Contains(ModelSignal(report).Evidence, e => e.Value.StartsWith("seen mostly in", StringComparison.Ordinal));
        Assert.All(ModelSignal(report).Evidence, e =>
        {
            Assert.True(e.Value.Length <= 201, $"{e.Value.Length} characters");
            Assert.DoesNotContain(e.Value, char.IsControl);
        });
    }

    private async Task<AnalysisReport> AnalyzeAsync(string path) =>
        await fixture.WithModel.AnalyzeAsync(await File.ReadAllBytesAsync(path));

    private static Signals.Signal ModelSignal(AnalysisReport report) => Assert.Single(report.Signals, s => s.Id == ModelSignals.Spam.Id);
}
