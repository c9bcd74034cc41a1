using System.Globalization;
using System.Text.RegularExpressions;
using SentiMail.Analyzers;

namespace SentiMail.Tests;

public sealed partial class DocumentationTests
{
    [Fact]
    public void SignalsDoc_ListsEveryBuiltInSignalWithItsDefaultWeight()
    {
        var doc = File.ReadAllText(Path.Combine(Root(), "docs", "signals.md"));
        var rows = SignalRow().Matches(doc).ToDictionary(m => m.Groups["id"].Value, m => double.Parse(m.Groups["weight"].Value, CultureInfo.InvariantCulture));
        var definitions = BuiltInAnalyzers.Create().SelectMany(a => a.Signals).Concat(EngineSignals.All).ToList();

        Assert.Equal(definitions.Count, definitions.Select(d => d.Id).Distinct().Count());
        foreach (var definition in definitions)
        {
            Assert.True(rows.TryGetValue(definition.Id, out var weight), $"docs/signals.md does not list {definition.Id}.");
            Assert.Equal(definition.DefaultWeight, weight);
        }

        Assert.Equal(definitions.Count, rows.Count);
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SentiMail.sln")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }

    [GeneratedRegex(@"^\| `(?<id>[a-z0-9.\-]+)` \| \w+ \| (?<weight>-?[0-9.]+) \|", RegexOptions.Multiline)]
    private static partial Regex SignalRow();
}
