using SentiMail.Context;
using SentiMail.Reporting;

namespace SentiMail.Tests.TestSupport;

/// <summary>
/// A crafted message that must raise one signal, and its benign twin: the same message with the trick removed, which
/// must not raise it.
/// </summary>
/// <param name="SignalId">The signal the positive message raises.</param>
/// <param name="Scenario">A short name for the trick, unique for the signal.</param>
/// <param name="Positive">Builds the message with the trick.</param>
/// <param name="Benign">Builds the same message without the trick.</param>
internal sealed record SignalCase(string SignalId, string Scenario, Func<byte[]> Positive, Func<byte[]> Benign)
{
    /// <summary>Gets a change to the engine options for both messages, if any.</summary>
    public Action<SentiMailOptions>? Configure { get; init; }

    /// <summary>Gets a factory for the engine both messages go through, when the default test engine will not do
    /// (for example, one whose DNS resolver serves the case's zone).</summary>
    public Func<EmailAnalyzer>? Engine { get; init; }

    /// <summary>Gets the envelope given with the positive message, if any.</summary>
    public MessageEnvelope? PositiveEnvelope { get; init; }

    /// <summary>Gets the envelope given with the benign message, if any.</summary>
    public MessageEnvelope? BenignEnvelope { get; init; }

    /// <summary>Gets the name used in theory data: <c>signal.id/scenario</c>.</summary>
    public string Name => $"{SignalId}/{Scenario}";

    /// <summary>Returns the case names of a case list, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names(IEnumerable<SignalCase> cases)
    {
        var data = new TheoryData<string>();
        foreach (var c in cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    /// <summary>Runs the case of this name: the positive message raises the signal with evidence, the twin does not.</summary>
    public static async Task AssertAsync(IEnumerable<SignalCase> cases, string name)
    {
        var c = cases.Single(x => x.Name == name);
        var engine = c.Engine?.Invoke() ?? TestEngines.Create(c.Configure);

        var positive = await engine.AnalyzeAsync(c.Positive(), c.PositiveEnvelope);
        var signal = Assert.Single(positive.Signals, s => s.Id == c.SignalId);
        Assert.False(string.IsNullOrWhiteSpace(signal.Description));
        Assert.NotEmpty(signal.Evidence);
        Assert.All(signal.Evidence, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Location));
            Assert.False(string.IsNullOrWhiteSpace(e.Value));
        });
        AssertNoEngineTrouble(positive);

        var benign = await engine.AnalyzeAsync(c.Benign(), c.BenignEnvelope);
        Assert.DoesNotContain(benign.Signals, s => s.Id == c.SignalId);
        AssertNoEngineTrouble(benign);
    }

    private static void AssertNoEngineTrouble(AnalysisReport report)
    {
        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
        Assert.All(report.Timings, t => Assert.Equal(AnalyzerOutcome.Completed, t.Outcome));
    }
}
