using SentiMail.Analyzers;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Analyzers;

public class SignalCoverageTests
{
    public static TheoryData<string> AnalyzerNames => [.. BuiltInAnalyzers.Create().Select(a => a.Name)];

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Signals_EveryDeclaredSignal_HasACraftedCaseAndABenignTwin(string analyzerName)
    {
        var analyzer = BuiltInAnalyzers.Create().Single(a => a.Name == analyzerName);
        var covered = CasesOf(analyzer).Select(c => c.SignalId).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(analyzer.Signals);
        Assert.All(analyzer.Signals, d => Assert.Contains(d.Id, covered));
        Assert.All(covered, id => Assert.Contains(analyzer.Signals, d => d.Id == id));
    }

    [Fact]
    public void Signals_EngineSignals_AreCoveredByEngineTests()
    {
        Assert.Equal(EngineSignals.All.Select(s => s.Id).Order(StringComparer.Ordinal), EmailAnalyzerTests.CoveredEngineSignals.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Signals_AllBuiltInIds_AreUniqueAndWellFormed()
    {
        var definitions = BuiltInAnalyzers.Create().SelectMany(a => a.Signals).Concat(EngineSignals.All).ToList();

        Assert.Equal(definitions.Count, definitions.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(definitions, d =>
        {
            Assert.Matches("^[a-z0-9-]+(\\.[a-z0-9-]+)+$", d.Id);
            Assert.InRange(d.DefaultWeight, 0, 100);
            Assert.EndsWith(".", d.Summary, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Signals_EveryAnalyzer_HasADistinctName()
    {
        var names = BuiltInAnalyzers.Create().Select(a => a.Name).ToList();

        Assert.Equal(7, names.Count);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    private static IEnumerable<SignalCase> CasesOf(IMessageAnalyzer analyzer) => analyzer switch
    {
        HeaderAnalyzer => HeaderAnalyzerTests.Cases(),
        BrandImpersonationAnalyzer => BrandImpersonationAnalyzerTests.Cases(),
        LinkAnalyzer => LinkAnalyzerTests.Cases(),
        ContentAnalyzer => ContentAnalyzerTests.Cases(),
        AttachmentAnalyzer => AttachmentAnalyzerTests.Cases(),
        MimeStructureAnalyzer => MimeStructureAnalyzerTests.Cases(),
        SentiMail.Authentication.AuthenticationAnalyzer => Authentication.AuthenticationAnalyzerTests.Cases(),
        _ => throw new InvalidOperationException($"No signal cases for the {analyzer.Name} analyzer."),
    };
}
