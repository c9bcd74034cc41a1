using SentiMail.Scoring;
using SentiMail.Signals;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Scoring;

public class ScorerTests
{
    [Theory]
    [InlineData(new double[] { }, 0)]
    [InlineData(new double[] { 10, 20 }, 30)]
    [InlineData(new double[] { 40, 50, 60 }, 100)]
    [InlineData(new double[] { 10, -30 }, 0)]
    [InlineData(new double[] { 20, 14.5 }, 35)]
    [InlineData(new double[] { 20, 14.4 }, 34)]
    public void Score_Weights_AreSummedClampedAndRounded(double[] weights, int expected)
    {
        var (score, _, _) = Scorer.Score(new ScoringPolicy(), [.. weights.Select((w, i) => Signal($"test.s{i}", w))]);

        Assert.Equal(expected, score);
    }

    [Fact]
    public void Apply_CountsASignalAsThePolicyDoes()
    {
        var policy = new ScoringPolicy();
        policy.WeightOverrides["test.heavier"] = 40;
        policy.DisabledSignals.Add("test.off");
        var plain = Signal("test.plain", 12);

        Assert.Same(plain, policy.Apply(plain));
        Assert.Equal(40, policy.Apply(Signal("test.heavier", 12))!.Weight);
        Assert.Null(policy.Apply(Signal("test.off", 12)));
        Assert.Throws<ArgumentNullException>(() => policy.Apply(null!));
    }

    [Theory]
    [InlineData(0, Verdict.Clean)]
    [InlineData(34, Verdict.Clean)]
    [InlineData(35, Verdict.Suspicious)]
    [InlineData(64, Verdict.Suspicious)]
    [InlineData(65, Verdict.Malicious)]
    [InlineData(100, Verdict.Malicious)]
    public void GetVerdict_DefaultThresholds_MapsScores(int score, Verdict expected)
    {
        Assert.Equal(expected, new ScoringPolicy().GetVerdict(score));
    }

    [Fact]
    public void GetVerdict_CustomThresholds_AreHonoured()
    {
        var policy = new ScoringPolicy { SuspiciousThreshold = 10, MaliciousThreshold = 20 };

        Assert.Equal(Verdict.Clean, policy.GetVerdict(9));
        Assert.Equal(Verdict.Suspicious, policy.GetVerdict(10));
        Assert.Equal(Verdict.Malicious, policy.GetVerdict(20));
    }

    [Fact]
    public void Score_WeightOverrideAndDisabledSignal_AreHonoured()
    {
        var policy = new ScoringPolicy();
        policy.WeightOverrides["test.a"] = 50;
        policy.DisabledSignals.Add("test.b");

        var (score, verdict, signals) = Scorer.Score(policy, [Signal("test.a", 10), Signal("test.b", 40), Signal("test.c", 20)]);

        Assert.Equal(70, score);
        Assert.Equal(Verdict.Malicious, verdict);
        Assert.Equal(["test.a", "test.c"], signals.Select(s => s.Id));
        Assert.Equal(50, signals[0].Weight);
    }

    [Fact]
    public void Score_Signals_AreSortedStrongestFirstThenById()
    {
        var (_, _, signals) = Scorer.Score(new ScoringPolicy(), [Signal("test.b", 5), Signal("test.z", 30), Signal("test.a", 5), Signal("test.m", -10)]);

        Assert.Equal(["test.z", "test.a", "test.b", "test.m"], signals.Select(s => s.Id));
    }

    [Fact]
    public async Task AnalyzeAsync_DisabledSignalAndOverride_ChangeTheReport()
    {
        var message = TestMessages.Text("Download it from http://185.234.72.19/files/report via https://bit.ly/3Kp9xQa");
        var baseline = await TestEngines.Create().AnalyzeAsync(message);

        var tuned = await TestEngines.Create(o =>
        {
            o.Scoring.DisabledSignals.Add("link.ip-literal");
            o.Scoring.WeightOverrides["link.shortener"] = 40;
        }).AnalyzeAsync(message);

        Assert.Contains(baseline.Signals, s => s.Id == "link.ip-literal");
        Assert.DoesNotContain(tuned.Signals, s => s.Id == "link.ip-literal");
        Assert.Equal(40, Assert.Single(tuned.Signals, s => s.Id == "link.shortener").Weight);
        Assert.Equal((int)Math.Round(tuned.Signals.Sum(s => s.Weight)), tuned.Score);
        Assert.Equal(Verdict.Suspicious, tuned.Verdict);
    }

    [Fact]
    public async Task AnalyzeAsync_Report_ScoreIsTheClampedSumOfSignalWeights()
    {
        foreach (var sample in TestPaths.SampleNames())
        {
            var report = await TestEngines.Create().AnalyzeFileAsync(TestPaths.Sample(sample));

            var sum = report.Signals.Sum(s => s.Weight);
            Assert.Equal((int)Math.Round(Math.Clamp(sum, 0, 100), MidpointRounding.AwayFromZero), report.Score);
            Assert.Equal(report.Signals.OrderByDescending(s => s.Weight).Select(s => s.Weight), report.Signals.Select(s => s.Weight));
        }
    }

    private static Signal Signal(string id, double weight) => new(id, SignalCategory.Content, weight, "Test.", [new SignalEvidence("test", id)]);
}
