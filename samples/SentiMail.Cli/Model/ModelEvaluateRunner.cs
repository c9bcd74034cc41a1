using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentiMail.MachineLearning.Analysis;
using SentiMail.MachineLearning.Model;
using SentiMail.MachineLearning.Quality;
using SentiMail.Reporting;
using SentiMail.Scoring;

namespace SentiMail.Cli.Model;

/// <summary>The parsed options of <c>model evaluate</c>.</summary>
internal sealed record ModelEvaluateSettings(
    string Corpus, string Split, string? Model, string Peers, string Samples, string? Markdown, string? Json, int Parallelism)
{
    /// <summary>Gets where to write each test message's verdicts as JSON Lines, if anywhere.</summary>
    public string? Predictions { get; init; }

    /// <summary>Gets a value indicating whether <c>--peers</c> was given (a missing default folder is skipped; a
    /// missing folder given is an error).</summary>
    public bool PeersGiven { get; init; }

    /// <summary>Gets a value indicating whether <c>--samples</c> was given.</summary>
    public bool SamplesGiven { get; init; }
}

/// <summary>Runs <c>sentimail model evaluate</c>.</summary>
internal sealed class ModelEvaluateRunner(TextWriter stdout, TextWriter stderr)
{
    private static readonly string[] s_kinds = [CorpusSplit.EasyHam, CorpusSplit.HardHam, CorpusSplit.Spam];

    /// <summary>The verdict shown for a sample the parser refuses.</summary>
    private const string Rejected = "Rejected";

    public async Task<int> RunAsync(ModelEvaluateSettings settings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.Corpus))
        {
            await stderr.WriteLineAsync($"sentimail: corpus folder '{settings.Corpus}' does not exist (run eng/get-corpus.sh).").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        foreach (var (option, folder) in new[] { ("--peers", settings.PeersGiven ? settings.Peers : null), ("--samples", settings.SamplesGiven ? settings.Samples : null) })
        {
            if (folder is not null && !Directory.Exists(folder))
            {
                await stderr.WriteLineAsync($"sentimail: {option} folder '{folder}' does not exist.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
        }

        if ((OutputFiles.Problem(settings.Markdown) ?? OutputFiles.Problem(settings.Json) ?? OutputFiles.Problem(settings.Predictions)) is { } outputProblem)
        {
            await stderr.WriteLineAsync($"sentimail: {outputProblem}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        IReadOnlyList<SplitEntry> test;
        IReadOnlyList<KeyValuePair<string, IReadOnlyDictionary<string, PeerResult>>> peers;
        try
        {
            test = CorpusSplit.Read(Path.Combine(settings.Split, "test.txt"));
            peers = PeerResults.ReadFolder(settings.Peers);
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"sentimail: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        if (peers.FirstOrDefault(p => p.Key.StartsWith("SentiMail rules", StringComparison.OrdinalIgnoreCase)) is { Key: { } clash })
        {
            await stderr.WriteLineAsync($"sentimail: the peer results '{clash}.jsonl' are named like SentiMail's own rows; rename the file.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var rules = EmailAnalyzer.CreateDefault();
        var loadClock = Stopwatch.StartNew();
        var services = new ServiceCollection().AddSentiMail().AddMachineLearning(o => o.ModelPath = settings.Model).Services.BuildServiceProvider();
        await using (services.ConfigureAwait(false))
        {
            IEmailAnalyzer withModel;
            SpamModel model;
            try
            {
                model = services.GetRequiredService<SpamModel>();
                withModel = services.GetRequiredService<IEmailAnalyzer>();
            }
            catch (OptionsValidationException ex)
            {
                await stderr.WriteLineAsync($"sentimail: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.InputRejected;
            }

            var loadMilliseconds = loadClock.Elapsed.TotalMilliseconds;
            var outcomes = new (bool RulesSpam, bool Held, AnalysisReport? Rules, AnalysisReport? WithModel)[test.Count];
            var influence = new SentiMail.MachineLearning.SpamModelOptions();
            try
            {
                await Parallel.ForAsync(0, test.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Parallelism), CancellationToken = cancellationToken }, async (i, ct) =>
                {
                    var bytes = await CorpusExamples.ReadAsync(settings.Corpus, test[i], ct).ConfigureAwait(false);
                    var rulesReport = await AnalyzeAsync(rules, bytes, ct).ConfigureAwait(false);
                    var (rulesSpam, held) = RulesOutcome(rulesReport, influence);
                    var modelReport = await AnalyzeAsync(withModel, bytes, ct).ConfigureAwait(false);

                    // Where the model abstains it weighs 0, so it could not lower what the rules mark either.
                    held |= rulesSpam && modelReport is not null && Abstained(modelReport);
                    outcomes[i] = (rulesSpam, held, rulesReport, modelReport);
                }).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"sentimail: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.InputRejected;
            }

            var filters = new List<FilterFigures>
            {
                Measure("SentiMail rules only", "built-in analyzers, offline, default scoring policy; spam = Suspicious or Malicious (score >= 35)", test, i => outcomes[i].RulesSpam),
                Measure("SentiMail rules + model", $"the same plus model.spam ({model.Metadata.Trainer}, bounded: -{new SentiMail.MachineLearning.SpamModelOptions().MaxLower:0} to +{new SentiMail.MachineLearning.SpamModelOptions().MaxRaise:0} points)", test, i => outcomes[i].WithModel?.Verdict >= Verdict.Suspicious),
            };
            foreach (var (name, results) in peers)
            {
                // A message the peer failed on counts as not marked (IsSpam is false), as SentiMail's rejected messages do.
                filters.Add(Measure(name, "peer's own verdict, from " + Path.Combine(settings.Peers, name + ".jsonl").Replace('\\', '/'), test,
                    i => results.TryGetValue(test[i].Sha256, out var r) ? r.IsSpam : null,
                    i => results.TryGetValue(test[i].Sha256, out var r) && r.Error is not null));
            }

            var samples = await EvaluateSamplesAsync(settings.Samples, rules, withModel, cancellationToken).ConfigureAwait(false);
            var figures = new QualityFigures
            {
                Model = model.Source,
                ModelTrainer = model.Metadata.Trainer,
                ModelTrainedAt = model.Metadata.TrainedAt,
                ModelLoadMilliseconds = Math.Round(loadMilliseconds, 1),
                TestMessages = test.Count,
                Split = settings.Split.Replace('\\', '/').TrimEnd('/'),
                Peers = settings.Peers.Replace('\\', '/').TrimEnd('/'),
                HeldHamFalsePositives = Enumerable.Range(0, test.Count).Count(i => !test[i].IsSpam && outcomes[i].Held),
                AbstainedSpamMissed = Enumerable.Range(0, test.Count).Count(i =>
                    test[i].IsSpam && outcomes[i].WithModel is { } r && r.Verdict < Verdict.Suspicious && Abstained(r)),
                Filters = filters,
                Samples = samples,
                Calibration = CalibrationFigures.Measure(Enumerable.Range(0, test.Count)
                    .Select(i => (Probability: outcomes[i].WithModel is { } r ? ModelProbability(r) : null, test[i].IsSpam))
                    .Where(x => x.Probability is not null)
                    .Select(x => (x.Probability!.Value, x.IsSpam))),
            };

            await stdout.WriteAsync(QualityMarkdown.FormatTables(figures)).ConfigureAwait(false);
            var written = true;
            if (settings.Markdown is { } markdownPath)
            {
                written &= await WriteAsync(markdownPath, QualityMarkdown.Format(figures, model.Metadata)).ConfigureAwait(false);
            }

            if (settings.Json is { } jsonPath)
            {
                written &= await WriteAsync(jsonPath, JsonSerializer.Serialize(figures, QualityJsonContext.Default.QualityFigures)).ConfigureAwait(false);
            }

            if (settings.Predictions is { } predictionsPath)
            {
                var lines = test.Select((entry, i) => JsonSerializer.Serialize(Prediction(entry, outcomes[i].Rules, outcomes[i].WithModel), PredictionJsonContext.Default.TestPrediction));
                written &= await WriteAsync(predictionsPath, string.Join('\n', lines) + "\n").ConfigureAwait(false);
            }

            return written ? ExitCodes.Analysed : ExitCodes.UsageError;
        }
    }

    /// <summary>Whether the rules mark a message spam, and whether they hold it there whatever the model says (strong
    /// rule evidence, or more points than the model may remove).</summary>
    private static (bool Spam, bool Held) RulesOutcome(AnalysisReport? report, SentiMail.MachineLearning.SpamModelOptions influence)
    {
        if (report is null || report.Verdict < Verdict.Suspicious)
        {
            return (false, false);
        }

        // The lowest weight the model could give this message: 0 under strong evidence, -MaxLower otherwise.
        var lowest = ModelInfluence.Weight(0, report.Signals.Any(s => influence.StrongEvidenceSignals.Contains(s.Id)), influence, operatingPoint: 0.99);
        return (true, ModelInfluence.CombinedScore(report.Score, lowest) >= 35);
    }

    private static TestPrediction Prediction(SplitEntry entry, AnalysisReport? rules, AnalysisReport? withModel) => new()
    {
        Name = entry.RelativePath,
        Group = entry.Group,
        IsSpam = entry.IsSpam,
        Rejected = withModel is null,
        RulesScore = rules?.Score ?? 0,
        RulesVerdict = rules?.Verdict.ToString() ?? string.Empty,
        Score = withModel?.Score ?? 0,
        Verdict = withModel?.Verdict.ToString() ?? string.Empty,
        ModelWeight = withModel?.Signals.FirstOrDefault(s => s.Id == ModelSignals.Spam.Id)?.Weight ?? 0,
        Probability = withModel is null ? null : ModelProbability(withModel),
        Abstained = withModel is not null && Abstained(withModel),
    };

    /// <summary>Whether the model abstained on a message (it says so in its signal's evidence).</summary>
    private static bool Abstained(AnalysisReport report) =>
        report.Signals.FirstOrDefault(s => s.Id == ModelSignals.Spam.Id)?.Evidence.Any(e => e.Value == ModelSignals.AbstainsNotEnglish) == true;

    /// <summary>The model's probability, read from the evidence of its signal (<c>probability 0.1234</c>).</summary>
    private static double? ModelProbability(AnalysisReport report) =>
        report.Signals.FirstOrDefault(s => s.Id == ModelSignals.Spam.Id)?.Evidence.Select(e => e.Value).FirstOrDefault(v => v.StartsWith("probability ", StringComparison.Ordinal)) is { } p
            ? double.Parse(p["probability ".Length..], CultureInfo.InvariantCulture)
            : null;

    /// <summary>Analyses a message; <see langword="null"/> when the parser refuses it (such a message is not marked
    /// spam: it counts against recall, never for it).</summary>
    private static async Task<AnalysisReport?> AnalyzeAsync(IEmailAnalyzer analyzer, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            return await analyzer.AnalyzeAsync(bytes, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Parsing.MessageRejectedException)
        {
            return null;
        }
    }

    private static FilterFigures Measure(string name, string description, IReadOnlyList<SplitEntry> test, Func<int, bool?> markedSpam, Func<int, bool>? failed = null)
    {
        var byKind = s_kinds.ToDictionary(k => k, _ => new ConfusionMatrix(), StringComparer.Ordinal);
        var covered = 0;
        var failures = 0;
        for (var i = 0; i < test.Count; i++)
        {
            if (markedSpam(i) is { } spam)
            {
                covered++;
                failures += failed?.Invoke(i) == true ? 1 : 0;
                byKind[test[i].Kind].Add(test[i].IsSpam, spam);
            }
        }

        var all = new ConfusionMatrix();
        foreach (var matrix in byKind.Values)
        {
            all.Add(matrix);
        }

        return new FilterFigures
        {
            Name = name,
            Description = description,
            Covered = covered,
            Failures = failures,
            Groups = [.. s_kinds.Select(k => new GroupFigures { Group = k, Matrix = byKind[k] }), new GroupFigures { Group = "all", Matrix = all }],
        };
    }

    private static async Task<IReadOnlyList<SampleFigures>> EvaluateSamplesAsync(string folder, EmailAnalyzer rules, IEmailAnalyzer withModel, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var rows = new ConcurrentBag<SampleFigures>();

        // Regular files only: a named pipe would block the evaluation.
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml").Where(SentiMail.Batch.MessageBatch.IsRegularFile).Order(StringComparer.Ordinal))
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A sample that cannot be read (a dangling link, a bad disk) is listed as rejected, as one the parser refuses.
                bytes = [];
            }

            var r = bytes.Length == 0 ? null : await AnalyzeAsync(rules, bytes, cancellationToken).ConfigureAwait(false);
            var m = bytes.Length == 0 ? null : await AnalyzeAsync(withModel, bytes, cancellationToken).ConfigureAwait(false);
            var name = Path.GetFileName(file);
            rows.Add(new SampleFigures
            {
                File = name,
                Expected = name.StartsWith("clean", StringComparison.Ordinal) ? "clean" : name.Split('-')[0],
                RulesScore = r?.Score ?? 0,
                RulesVerdict = r?.Verdict.ToString() ?? Rejected,
                ModelScore = m?.Score ?? 0,
                ModelVerdict = m?.Verdict.ToString() ?? Rejected,
                ModelWeight = m?.Signals.FirstOrDefault(s => s.Id == ModelSignals.Spam.Id)?.Weight ?? 0,
                Probability = m is null ? null : ModelProbability(m),
            });
        }

        return [.. rows.OrderBy(r => r.File, StringComparer.Ordinal)];
    }

    /// <summary>Writes a file and says so; a failure is reported and the other files are still written.</summary>
    private async Task<bool> WriteAsync(string path, string contents)
    {
        try
        {
            OutputFiles.CreateFolderFor(path);
            await File.WriteAllTextAsync(path, contents).ConfigureAwait(false);
        }
        catch (Exception ex) when (OutputFiles.IsWriteFailure(ex))
        {
            await stderr.WriteLineAsync($"sentimail: cannot write '{path}': {ex.Message}").ConfigureAwait(false);
            return false;
        }

        await stderr.WriteLineAsync($"wrote {path}").ConfigureAwait(false);
        return true;
    }
}
