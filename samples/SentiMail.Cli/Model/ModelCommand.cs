using System.CommandLine;
using SentiMail.MachineLearning.Training;

namespace SentiMail.Cli.Model;

/// <summary>The <c>sentimail model</c> commands: <c>split</c>, <c>train</c> and <c>evaluate</c>.</summary>
internal static class ModelCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var split = CreateSplit(stdout, stderr);
        var train = CreateTrain(stdout, stderr);
        var evaluate = CreateEvaluate(stdout, stderr);
        return new Command("model", "Split a labelled corpus, train and evaluate the learned spam model (SentiMail.MachineLearning).") { split, train, evaluate };
    }

    private static Command CreateSplit(TextWriter stdout, TextWriter stderr)
    {
        var corpus = new Option<string>("--corpus")
        {
            Description = "The labelled corpus: one folder per group (groups whose name starts with 'spam' are spam), one message per file.",
            Required = true,
        };
        var output = new Option<string>("--output", "-o") { Description = "The folder to write train.txt, validation.txt and test.txt to.", Required = true };
        var command = new Command("split", "Split a labelled corpus into fixed, stratified train (60 %), validation (20 %) and test (20 %) lists of message checksums.")
        {
            corpus, output,
        };
        command.SetAction((parse, cancellationToken) => ModelSplitRunner.RunAsync(parse.GetValue(corpus)!, parse.GetValue(output)!, stdout, stderr, cancellationToken));
        return command;
    }

    private static Option<string> CorpusOption() => new("--corpus")
    {
        Description = "The corpus folder with one folder per group (easy-ham-1, spam-2...): the path eng/get-corpus.sh prints.",
        Required = true,
    };

    private static Option<string> SplitOption() => new("--split")
    {
        Description = "The folder of the split lists train.txt, validation.txt and test.txt.",
        DefaultValueFactory = _ => Path.Combine("benchmarks", "quality", "split"),
    };

    private static Option<int> ParallelOption()
    {
        var option = new Option<int>("--parallel", "-p")
        {
            Description = "How many messages to analyse at once (1 to 256).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        OptionRanges.Require(option, 1, 256);
        return option;
    }

    private static Command CreateTrain(TextWriter stdout, TextWriter stderr)
    {
        var corpus = CorpusOption();
        var split = SplitOption();
        var parallel = ParallelOption();
        var output = new Option<string>("--output", "-o") { Description = "Where to write the model file.", Required = true };
        var seed = new Option<int>("--seed") { Description = "The random seed.", DefaultValueFactory = _ => 1 };
        var iterations = new Option<int>("--iterations") { Description = "Boosting rounds of the tree trainers, iteration cap of SDCA (1 to 100000).", DefaultValueFactory = _ => new SpamTrainingOptions().Iterations };
        OptionRanges.Require(iterations, 1, 100_000);
        var trainers = new Option<string[]>("--trainer")
        {
            Description = "A trainer to compare (repeatable): sdca, lightgbm, fasttree. All three by default.",
        };
        trainers.AcceptOnlyFromAmong("sdca", "lightgbm", "fasttree");
        var corpusDescription = new Option<string?>("--corpus-description")
        {
            Description = "What the model's metadata says about the corpus (the SpamAssassin corpus is recognised; otherwise the folder's name, size and groups).",
        };
        var outOfFold = new Option<string?>("--out-of-fold")
        {
            Description = "Also write how the chosen model judged each training and validation message out of fold, as JSON Lines, to this file.",
        };
        var command = new Command("train", "Train the spam model on the train and validation splits (5-fold cross-validation chooses the trainer and its operating point), report on the test split.")
        {
            corpus, split, output, seed, iterations, trainers, parallel, outOfFold, corpusDescription,
        };
        command.SetAction((parse, cancellationToken) => new ModelTrainRunner(stdout, stderr).RunAsync(
            new ModelTrainSettings(
                parse.GetValue(corpus)!,
                parse.GetValue(split)!,
                parse.GetValue(output)!,
                parse.GetValue(seed),
                parse.GetValue(iterations),
                [.. (parse.GetValue(trainers) ?? []).Select(ParseTrainer)],
                parse.GetValue(parallel))
            {
                OutOfFold = parse.GetValue(outOfFold),
                CorpusDescription = parse.GetValue(corpusDescription),
            },
            cancellationToken));
        return command;
    }

    private static Command CreateEvaluate(TextWriter stdout, TextWriter stderr)
    {
        var corpus = CorpusOption();
        var split = SplitOption();
        var parallel = ParallelOption();
        var model = new Option<string?>("--model") { Description = "A model file to evaluate instead of the embedded one." };
        var peers = new Option<string>("--peers")
        {
            Description = "The folder of peer results (<name>.jsonl), compared when present.",
            DefaultValueFactory = _ => Path.Combine("benchmarks", "quality", "peers"),
        };
        var samples = new Option<string>("--samples")
        {
            Description = "A folder of current-style .eml samples to check the model on (phishing-*, malware-*, clean-*).",
            DefaultValueFactory = _ => Path.Combine("samples", "messages"),
        };
        var markdown = new Option<string?>("--markdown") { Description = "Write the report as Markdown to this file (docs/quality.md)." };
        var json = new Option<string?>("--json") { Description = "Write the figures as JSON to this file." };
        var predictions = new Option<string?>("--predictions")
        {
            Description = "Also write how the engine judged each test message, rules only and with the model, as JSON Lines, to this file.",
        };
        var command = new Command("evaluate", "Measure SentiMail with rules only and with the model (and peers when their results exist) on the held-out test split.")
        {
            corpus, split, model, peers, samples, markdown, json, parallel, predictions,
        };
        command.SetAction((parse, cancellationToken) => new ModelEvaluateRunner(stdout, stderr).RunAsync(
            new ModelEvaluateSettings(
                parse.GetValue(corpus)!,
                parse.GetValue(split)!,
                parse.GetValue(model),
                parse.GetValue(peers)!,
                parse.GetValue(samples)!,
                parse.GetValue(markdown),
                parse.GetValue(json),
                parse.GetValue(parallel))
            {
                Predictions = parse.GetValue(predictions),
                PeersGiven = parse.GetResult(peers) is { Implicit: false },
                SamplesGiven = parse.GetResult(samples) is { Implicit: false },
            },
            cancellationToken));
        return command;
    }

    private static SpamTrainerKind ParseTrainer(string name) => name switch
    {
        "sdca" => SpamTrainerKind.SdcaLogisticRegression,
        "lightgbm" => SpamTrainerKind.LightGbm,
        _ => SpamTrainerKind.FastTree,
    };
}
