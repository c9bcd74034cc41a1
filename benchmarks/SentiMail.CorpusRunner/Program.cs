using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SentiMail.Parsing;

namespace SentiMail.CorpusRunner;

/// <summary>Times SentiMail over a whole corpus in memory and tells what it concluded about each group.</summary>
internal static class Program
{
    private const double Mebibyte = 1024 * 1024;

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static async Task<int> Main(string[] args)
    {
        if (!RunnerOptions.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync(error + Environment.NewLine + Environment.NewLine + RunnerOptions.Usage);
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(RunnerOptions.Usage);
            return 0;
        }

        Corpus corpus;
        try
        {
            corpus = Corpus.Load(options.CorpusDirectory ?? Corpus.Fetch());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            await Console.Error.WriteLineAsync("corpus: " + ex.Message);
            return 2;
        }

        Log($"loaded {corpus.Messages.Count:N0} messages ({corpus.TotalBytes / Mebibyte:0.0} MiB) in {corpus.LoadTime.TotalSeconds:0.000} s from {corpus.Directory}");

        var analyzer = options.ModelPath is { } modelPath ? CreateWithModel(modelPath) : EmailAnalyzer.CreateDefault();
        if (analyzer is null)
        {
            return 2;
        }

        var parser = new MessageParser(new SentiMailOptions().Limits);
        var runner = new PassRunner(corpus, options.Parallelism, analyzer, parser);

        ModeReport? parseOnly = null;
        ModeReport? parseDecode = null;
        ModeReport? full = null;
        MessageOutcome?[]? outcomes = null;
        if (options.ParseOnly || options.Compare)
        {
            parseOnly = await RunModeAsync(runner, corpus, RunMode.ParseOnly, options, null);
        }

        if (options.Compare)
        {
            parseDecode = await RunModeAsync(runner, corpus, RunMode.ParseDecode, options, null);
        }

        if (!options.ParseOnly)
        {
            outcomes = new MessageOutcome?[corpus.Messages.Count];
            full = await RunModeAsync(runner, corpus, RunMode.Full, options, outcomes);
        }

        var report = new RunReport
        {
            Machine = DescribeMachine(),
            Corpus = new CorpusInfo(
                corpus.Directory,
                corpus.Messages.Count,
                corpus.TotalBytes,
                corpus.LoadTime.TotalSeconds,
                [.. corpus.Groups.Select(g => new GroupInfo(
                    g, Corpus.KindOf(g), corpus.Messages.Count(m => m.Group == g), corpus.Messages.Where(m => m.Group == g).Sum(m => (long)m.Bytes.Length)))]),
            Parallelism = options.Parallelism,
            Repeat = options.Repeat,
            Warmup = options.Warmup,
            WarmupSeconds = options.WarmupSeconds,
            ParseOnly = parseOnly,
            ParseDecode = parseDecode,
            Full = full,
            FullToParseDecodeRatio = parseDecode is not null && full is not null ? full.MeanWallSeconds / parseDecode.MeanWallSeconds : null,
            FullToParseRatio = parseOnly is not null && full is not null ? full.MeanWallSeconds / parseOnly.MeanWallSeconds : null,
            Verdicts = outcomes is null ? [] : ReportBuilder.BuildVerdicts(corpus, outcomes),
            TopSignals = outcomes is null ? [] : ReportBuilder.BuildSignals(corpus, outcomes, options.Top),
        };

        Console.WriteLine(ConsoleReport.Format(report));
        PrintErrors(corpus, outcomes);

        if (options.JsonPath is { } path)
        {
            await WriteAsync(path, JsonSerializer.Serialize(report, s_json));
        }

        if (options.OutcomesPath is { } outcomesPath && outcomes is not null)
        {
            await WriteAsync(outcomesPath, FormatOutcomes(corpus, outcomes));
        }

        return 0;
    }

    /// <summary>Creates the engine with the spam model after the built-in analyzers, and reports how long the model took to load.</summary>
    private static EmailAnalyzer? CreateWithModel(string modelPath)
    {
        var clock = Stopwatch.StartNew();
        SentiMail.MachineLearning.Model.SpamModel model;
        try
        {
            model = modelPath == "embedded"
                ? SentiMail.MachineLearning.Model.SpamModel.LoadEmbedded()
                : SentiMail.MachineLearning.Model.SpamModel.Load(modelPath);
        }
        catch (SentiMail.MachineLearning.Model.SpamModelLoadException ex)
        {
            Console.Error.WriteLine("model: " + ex.Message);
            return null;
        }

        var firstLoad = clock.Elapsed;
        clock.Restart();
        _ = modelPath == "embedded"
            ? SentiMail.MachineLearning.Model.SpamModel.LoadEmbedded()
            : SentiMail.MachineLearning.Model.SpamModel.Load(modelPath);
        var secondLoad = clock.Elapsed;
        Log($"model: {model.Metadata.Trainer} from {model.Source}: first load {firstLoad.TotalMilliseconds:0} ms (JIT included), second load {secondLoad.TotalMilliseconds:0} ms");
        var options = new SentiMailOptions();
        return new EmailAnalyzer(
            [.. SentiMail.Analyzers.BuiltInAnalyzers.Create(options), new SentiMail.MachineLearning.Analysis.SpamModelAnalyzer(model, new SentiMail.MachineLearning.SpamModelOptions())],
            Microsoft.Extensions.Options.Options.Create(options),
            SentiMail.Rules.RuleSet.FromOptions(options));
    }

    private static async Task<ModeReport> RunModeAsync(PassRunner runner, Corpus corpus, RunMode mode, RunnerOptions options, MessageOutcome?[]? outcomes)
    {
        var name = mode switch { RunMode.Full => "full analysis", RunMode.ParseDecode => "MimeKit parse + decode", _ => "parse only" };
        var repeat = options.Repeat;
        var warming = Stopwatch.StartNew();
        var warmups = 0;
        while (warmups < options.Warmup || warming.Elapsed.TotalSeconds < options.WarmupSeconds)
        {
            // The first warm-up pass records each message's outcome (verdict, signals): the timed passes only time.
            var warmUp = await runner.RunAsync(mode, warmups == 0 ? outcomes : null);
            warmups++;
            Log($"{name}: warm-up pass {warmups} (not timed): {warmUp.Wall.TotalSeconds:0.000} s, {corpus.Messages.Count / warmUp.Wall.TotalSeconds:N0} messages/s");
        }

        // Start the timed passes from a settled heap, so that the warm-up's garbage is not collected during them
        // (BenchmarkDotNet does the same between iterations).
#pragma warning disable S1215 // A benchmark harness settles the heap on purpose.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
#pragma warning restore S1215

        var passes = new List<PassResult>();
        var sampler = new MemorySampler(TimeSpan.FromMilliseconds(20));
        try
        {
            for (var k = 0; k < repeat; k++)
            {
                var pass = await runner.RunAsync(mode, null);
                passes.Add(pass);
                Log($"{name}: pass {k + 1}/{repeat}: {pass.Wall.TotalSeconds:0.000} s, {corpus.Messages.Count / pass.Wall.TotalSeconds:N0} messages/s");
            }
        }
        finally
        {
            // Takes a last sample, so that the maxima below cover the end of the last pass.
            sampler.Dispose();
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var gc = GC.GetGCMemoryInfo();
        var memory = new MemoryFigures(
            process.PeakWorkingSet64 / Mebibyte,
            sampler.MaxWorkingSet / Mebibyte,
            sampler.MaxManagedHeap / Mebibyte,
            GC.GetTotalMemory(forceFullCollection: false) / Mebibyte,
            gc.HeapSizeBytes / Mebibyte,
            gc.TotalCommittedBytes / Mebibyte,
            corpus.TotalBytes / Mebibyte);
        var slowest = passes.Max(p => p.Wall.TotalSeconds);
        var fastest = passes.Min(p => p.Wall.TotalSeconds);
        if (slowest > fastest * 1.25)
        {
            Log($"{name}: warning: the slowest timed pass took {slowest / fastest:0.00}x the fastest; the JIT may still have been tiering up (raise --warmup)");
        }

        return ReportBuilder.BuildMode(name, corpus, passes, memory) with { WarmupPasses = warmups, WarmupSeconds = warming.Elapsed.TotalSeconds };
    }

    private static async Task WriteAsync(string path, string contents)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(path, contents);
        Log($"wrote {path}");
    }

    private static string FormatOutcomes(Corpus corpus, MessageOutcome?[] outcomes)
    {
        var sb = new StringBuilder("group\tfile\tverdict\tscore\tsignals\n");
        for (var i = 0; i < outcomes.Length; i++)
        {
            var message = corpus.Messages[i];
            var outcome = outcomes[i];
            var verdict = outcome switch
            {
                { Verdict: { } v } => v.ToString(),
                { Rejection: { } r } => "rejected:" + r,
                { Error: { } e } => "error:" + e.ReplaceLineEndings(" ").Replace('\t', ' '),
                _ => "none",
            };
            var signals = outcome is null ? string.Empty : string.Join(' ', outcome.Signals.Select(s => s.Id + "=" + s.Weight.ToString("0.##", CultureInfo.InvariantCulture)));
            sb.Append(message.Group).Append('\t').Append(message.Name).Append('\t').Append(verdict).Append('\t')
                .Append((outcome?.Score ?? 0).ToString(CultureInfo.InvariantCulture)).Append('\t').Append(signals).Append('\n');
        }

        return sb.ToString();
    }

    private static void PrintErrors(Corpus corpus, MessageOutcome?[]? outcomes)
    {
        if (outcomes is null)
        {
            return;
        }

        var errors = outcomes.Select((o, i) => (Outcome: o, Message: corpus.Messages[i])).Where(x => x.Outcome?.Error is not null).Take(20).ToList();
        if (errors.Count == 0)
        {
            return;
        }

        Console.WriteLine("## Errors (engine bugs: the first 20)");
        Console.WriteLine();
        foreach (var (outcome, message) in errors)
        {
            Console.WriteLine($"- {message.Group}/{message.Name}: {outcome!.Error}");
        }

        Console.WriteLine();
    }

    private static MachineInfo DescribeMachine() => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * Mebibyte),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        GCSettings.IsServerGC,
        GCSettings.LatencyMode != GCLatencyMode.Batch,
        EmailAnalyzer.EngineVersion);

    private static string ReadCpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (!File.Exists(CpuInfo))
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }

        var line = File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static void Log(string message) => Console.Error.WriteLine("corpus-runner: " + message);
}
