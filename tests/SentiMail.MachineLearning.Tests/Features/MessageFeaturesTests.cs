using Microsoft.Extensions.Options;
using SentiMail.Analyzers;
using SentiMail.Context;
using SentiMail.MachineLearning.Features;
using SentiMail.Rules;
using SentiMail.Signals;

namespace SentiMail.MachineLearning.Tests.Features;

public sealed class MessageFeaturesTests
{
    public static TheoryData<string> Samples() => [.. Directory.GetFiles(TestPaths.Samples, "*.eml").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task ScoringInput_IsTheDescribedInputWithoutItsEcho(string sample)
    {
        var capture = new BothInputs();
        var options = new SentiMailOptions();
        var engine = new EmailAnalyzer([.. BuiltInAnalyzers.Create(options), capture], Options.Create(options), RuleSet.FromOptions(options));

        await engine.AnalyzeFileAsync(Path.Combine(TestPaths.Samples, sample));

        var (described, scoring) = (capture.Described!, capture.Scoring!);
        Assert.Equal(described.Text.GetIndices().ToArray(), scoring.Text.GetIndices().ToArray());
        Assert.Equal(described.Text.GetValues().ToArray(), scoring.Text.GetValues().ToArray());
        Assert.Equal(described.Signals, scoring.Signals);
        Assert.Equal(described.Counts, scoring.Counts);
        Assert.Equal(described.Tokens, scoring.Tokens);
        Assert.Equal(described.Subject, scoring.Subject);
        Assert.Equal(described.Body, scoring.Body);
        Assert.NotEmpty(described.Headers);
        Assert.Equal(string.Empty, scoring.Headers);
        Assert.Equal(string.Empty, scoring.Hosts);
        Assert.Equal(string.Empty, scoring.Links);
    }

    private sealed class BothInputs : IMessageAnalyzer
    {
        private static readonly Dictionary<string, int> s_slots = SentiMail.MachineLearning.Training.SpamFeatureExtractor.DefaultSignalIds()
            .Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);

        public SpamModelInput? Described { get; private set; }

        public SpamModelInput? Scoring { get; private set; }

        public string Name => "both-inputs";

        public IReadOnlyList<SignalDefinition> Signals => [];

        public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
        {
            var raised = signals.ToSignals();
            Described = MessageFeatures.Extract(context, raised, s_slots);
            Scoring = MessageFeatures.ExtractForScoring(context, raised, s_slots);
            return ValueTask.CompletedTask;
        }
    }
}
