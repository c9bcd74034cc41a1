using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
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

    [Theory]
    [InlineData(35, 65, 65.0, 30.0, "MaxRaise must stay below 64.5, so that the model alone never makes a message Malicious")]
    [InlineData(35, 65, 45.0, 31.0, "MaxLower must be at most 30, the gap between the Malicious and Suspicious thresholds")]
    [InlineData(20, 40, 45.0, 15.0, "MaxRaise must stay below 39.5")]
    [InlineData(20, 40, 30.0, 30.0, "MaxLower must be at most 20")]
    public void BoundsThatWouldBreakTheModelsPromisesUnderTheEnginesThresholds_FailAtStartUp(int suspicious, int malicious, double maxRaise, double maxLower, string expected)
    {
        using var services = new ServiceCollection()
            .AddSentiMail(o =>
            {
                o.Scoring.SuspiciousThreshold = suspicious;
                o.Scoring.MaliciousThreshold = malicious;
            })
            .AddMachineLearning(o =>
            {
                o.MaxRaise = maxRaise;
                o.MaxLower = maxLower;
            })
            .Services.BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundsAtTheEdgeOfThePromises_AreValid()
    {
        var scoring = new SentiMail.Scoring.ScoringPolicy { SuspiciousThreshold = 20, MaliciousThreshold = 40 };

        Assert.Empty(new SpamModelOptions { MaxRaise = 39.4, MaxLower = 20 }.Validate(scoring));
        Assert.NotEmpty(new SpamModelOptions { MaxRaise = 45, MaxLower = 30 }.Validate(scoring));
        Assert.Throws<ArgumentException>(() => new SpamModelAnalyzer(SentiMail.MachineLearning.Model.SpamModel.LoadEmbedded(), new SpamModelOptions(), scoring));
    }

    [Fact]
    public async Task AModelPathChangedWhileTheApplicationRuns_IsRefusedUntilItRestarts()
    {
        // A configuration reloaded while the application runs: the analyzer keeps the model it started with, and the
        // new path is reported instead of being loaded into a second model that nothing would use.
        var settings = Path.Combine(Directory.CreateTempSubdirectory("sentimail-reload-").FullName, "settings.json");
        await File.WriteAllTextAsync(settings, """{"Model":{}}""");
        var configuration = new ConfigurationBuilder().AddJsonFile(settings, optional: false, reloadOnChange: true).Build();
        var collection = new ServiceCollection();
        collection.Configure<SpamModelOptions>(configuration.GetSection("Model"));
        collection.AddSentiMail().AddMachineLearning();
        using var services = collection.BuildServiceProvider();
        services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        var analyzer = services.GetServices<IMessageAnalyzer>().OfType<SpamModelAnalyzer>().Single();
        var monitor = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<SpamModelOptions>>();
        Assert.Null(monitor.CurrentValue.ModelPath);

        await File.WriteAllTextAsync(settings, """{"Model":{"ModelPath":"/srv/other.model.zip"}}""");

        // The monitor validates the reloaded options when the file watcher reports the change.
        Microsoft.Extensions.Options.OptionsValidationException? error = null;
        for (var attempt = 0; attempt < 300 && error is null; attempt++)
        {
            try
            {
                _ = monitor.CurrentValue;
                await Task.Delay(100);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                error = ex;
            }
        }

        var message = error?.Message ?? "no validation error within 30 s";
        Assert.Contains("The spam model '/srv/other.model.zip' was configured after 'embedded' was loaded; the model is loaded once, at start-up: restart the application to use it.", message, StringComparison.Ordinal);
        Assert.Equal(SentiMail.MachineLearning.Model.SpamModel.EmbeddedSource, analyzer.Model.Source);
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
