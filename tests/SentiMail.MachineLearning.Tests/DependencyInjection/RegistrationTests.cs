using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SentiMail.Analyzers;
using SentiMail.MachineLearning.Analysis;

namespace SentiMail.MachineLearning.Tests.DependencyInjection;

public sealed partial class RegistrationTests
{
    [Fact]
    public void AddMachineLearning_RunsTheModelAfterTheBuiltInAnalyzersOnce()
    {
        using var services = new ServiceCollection().AddSentiMail().AddMachineLearning().AddMachineLearning(o => o.MaxLower = 10).Services.BuildServiceProvider();

        var engine = (EmailAnalyzer)services.GetRequiredService<IEmailAnalyzer>();

        Assert.IsType<SpamModelAnalyzer>(engine.Analyzers[^1]);
        Assert.Single(engine.Analyzers, a => a is SpamModelAnalyzer);
        Assert.Equal(BuiltInAnalyzers.Create().Count + 1, engine.Analyzers.Count);
    }

    [Fact]
    public void CoreOnly_DoesNotLoadMachineLearning()
    {
        // SentiMail.Core must not depend on ML.NET, so that apps that only want the engine do not pull it.
        var references = typeof(EmailAnalyzer).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.DoesNotContain(references, n => n!.StartsWith("Microsoft.ML", StringComparison.Ordinal));
    }

    [Fact]
    public void SignalsDoc_ListsTheModelSignalWithItsBounds()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.Root, "docs", "signals.md"));
        var options = new SpamModelOptions();

        var row = ModelRow().Match(doc);

        Assert.True(row.Success, "docs/signals.md has no row for model.spam");
        Assert.Equal(ModelSignals.Spam.Id, row.Groups["id"].Value);
        Assert.Equal(-options.MaxLower, double.Parse(row.Groups["low"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(options.MaxRaise, double.Parse(row.Groups["high"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^\| `(?<id>model\.[a-z0-9.\-]+)` \| Model \| (?<low>-[0-9.]+) to \+(?<high>[0-9.]+) \|", RegexOptions.Multiline)]
    private static partial Regex ModelRow();
}
