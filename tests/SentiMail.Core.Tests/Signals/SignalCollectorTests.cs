using SentiMail.Signals;

namespace SentiMail.Tests.Signals;

public class SignalCollectorTests
{
    private static readonly SignalDefinition s_definition = new("test.signal", SignalCategory.Links, 10, "A test signal.");

    [Fact]
    public void Add_SameIdTwice_KeepsOneSignalWithBothEvidenceAndLargerWeight()
    {
        var collector = new SignalCollector();

        collector.Add(s_definition, "First.", "body", "one", weight: 5);
        collector.Add(s_definition, "Second.", "body", "two", weight: 8);
        collector.Add(s_definition, "Third.", "body", "one", weight: 2);

        var signal = Assert.Single(collector.ToSignals());
        Assert.Equal("First.", signal.Description);
        Assert.Equal(8, signal.Weight);
        Assert.Equal(["one", "two"], signal.Evidence.Select(e => e.Value));
        Assert.True(collector.Contains("test.signal"));
        Assert.False(collector.Contains("test.other"));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Add_AWeightThatCannotBeScored_IsRefusedAndNothingIsAdded(double weight)
    {
        var collector = new SignalCollector();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => collector.Add(s_definition, "Odd.", "body", "one", weight));

        Assert.Equal("weight", error.ParamName);
        Assert.Contains("test.signal", error.Message, StringComparison.Ordinal);
        Assert.Empty(collector.ToSignals());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Definition_WithADefaultWeightThatCannotBeScored_IsRefused(double weight)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SignalDefinition("test.odd", SignalCategory.Links, weight, "Odd."));

        Assert.Equal("defaultWeight", error.ParamName);
    }

    [Fact]
    public void LargeFiniteWeights_AreKept_TheScoreClampsThem()
    {
        // An application's own "always block" or "always allow" signals.
        var block = new SignalDefinition("test.block", SignalCategory.Links, 1000, "Always block.");
        var collector = new SignalCollector();

        collector.Add(block, "Blocked.");
        collector.Add(s_definition, "Allowed.", "body", "one", weight: -1000);

        Assert.Equal([1000, -1000], collector.ToSignals().Select(s => s.Weight));
    }

    [Fact]
    public void Add_DefaultOccurrenceAfterALighterOne_TakesTheDefaultWeight()
    {
        // A Unix script (an explicit 25) then a Windows program (the default 60) in the same message: the program counts.
        var collector = new SignalCollector();

        collector.Add(s_definition, "Lighter.", "body", "one", weight: 4);
        collector.Add(s_definition, "Default.", "body", "two");

        Assert.Equal(10, Assert.Single(collector.ToSignals()).Weight);
    }

    [Fact]
    public void Add_NoWeight_UsesTheDefinitionDefault()
    {
        var collector = new SignalCollector();

        collector.Add(s_definition, "Once.");

        var signal = Assert.Single(collector.ToSignals());
        Assert.Equal(10, signal.Weight);
        Assert.Empty(signal.Evidence);
        Assert.Equal(SignalCategory.Links, signal.Category);
    }

    [Fact]
    public void Add_MoreEvidenceThanLimit_KeepsTheLimitAndSaysMoreWasOmitted()
    {
        var collector = new SignalCollector();

        collector.Add(s_definition, "Many.", Enumerable.Range(0, 50).Select(i => new SignalEvidence("body", $"item {i}")));

        var evidence = Assert.Single(collector.ToSignals()).Evidence;
        Assert.Equal(SignalCollector.MaxEvidencePerSignal + 1, evidence.Count);
        Assert.Equal(new SignalEvidence("engine", "more evidence omitted"), evidence[^1]);
    }

    [Fact]
    public void Add_LongEvidence_IsShortened()
    {
        var collector = new SignalCollector();

        collector.Add(s_definition, "Long.", "body", new string('x', 5000));

        var value = Assert.Single(Assert.Single(collector.ToSignals()).Evidence).Value;
        Assert.Equal(SignalCollector.MaxEvidenceLength + 1, value.Length);
        Assert.EndsWith("…", value, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_NullArguments_Throw()
    {
        var collector = new SignalCollector();

        Assert.Throws<ArgumentNullException>(() => collector.Add(null!, "x"));
        Assert.Throws<ArgumentNullException>(() => collector.Add(s_definition, null!));
    }

    [Theory]
    [InlineData("NoDot")]
    [InlineData("Upper.Case")]
    [InlineData(".leading")]
    [InlineData("trailing.")]
    [InlineData("space in.id")]
    public void SignalDefinition_InvalidId_Throws(string id)
    {
        var ex = Assert.Throws<ArgumentException>(() => new SignalDefinition(id, SignalCategory.Content, 1, "Summary."));

        Assert.Contains(id, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignalDefinition_Valid_KeepsItsValues()
    {
        var definition = new SignalDefinition("link.ip-literal-2", SignalCategory.Links, -5, "Summary.");

        Assert.Equal("link.ip-literal-2", definition.ToString());
        Assert.Equal(-5, definition.DefaultWeight);
        Assert.Throws<ArgumentException>(() => new SignalDefinition("a.b", SignalCategory.Links, 1, " "));
    }
}
