using SentiMail.MachineLearning.Features;
using SentiMail.MachineLearning.Training;

namespace SentiMail.MachineLearning.Tests.Features;

public sealed class MessageFeaturesTests
{
    private static readonly Dictionary<string, int> s_slots = SpamFeatureExtractor.DefaultSignalIds()
        .Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);

    public static TheoryData<string> Samples() => [.. Directory.GetFiles(TestPaths.Samples, "*.eml").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task ScoringInput_IsTheDescribedInputWithoutItsEcho(string sample)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(TestPaths.Samples, sample));
        var (described, scoring) = await ContextProbe.RunAsync(bytes, (context, raised) =>
            (MessageFeatures.Extract(context, raised, s_slots), MessageFeatures.ExtractForScoring(context, raised, s_slots)));

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
}
