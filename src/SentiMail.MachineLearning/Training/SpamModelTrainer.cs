using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using SentiMail.MachineLearning.Features;
using SentiMail.MachineLearning.Model;

namespace SentiMail.MachineLearning.Training;

/// <summary>
/// Trains the spam model on the training and validation messages together: counts their tokens
/// (<see cref="TokenBayes"/>), fits each configured trainer with a fixed seed on their features (hashed text n-grams and
/// header, link and relay tokens, rule signals and counts, built by <see cref="Features.MessageFeatures"/>), joins each to
/// the token statistics with a blend (<see cref="SpamModelBlend"/>) and gives each an operating point
/// (<see cref="SpamModelEvaluator.ChooseOperatingPoint"/>: the best spam recall within
/// <see cref="SpamTrainingOptions.TargetFalsePositiveRate"/>), all measured out of fold by a stratified cross-validation
/// (<see cref="SpamTrainingOptions.Folds"/>); keeps the trainer whose engine verdict has the best F1 there (ties: higher
/// AUC) and fits it on all the messages. Single-threaded trainers, each fit in its own context, so that the same data
/// and seed give the same model whatever <see cref="SpamTrainingOptions.MaxParallelism"/>.
/// </summary>
public sealed class SpamModelTrainer
{
    // Small trees, many rounds, each tree seeing half of the features: chosen by 5-fold cross-validation on the
    // training and validation messages (recall at a 0.3 % ham false-positive rate), see docs/quality.md.
    /// <summary>The column the pipeline concatenates Text, Signals and Counts into, in that order; the classifier reads it.</summary>
    internal const string FeatureColumn = "Features";

    private const int Leaves = 7;
    private const double FeatureFraction = 0.5;

    // The ham false-positive budgets at which the chosen model's out-of-fold recall is recorded (SpamModelMetadata.TradeOffs).
    private static readonly double[] s_tradeOffBudgets = [0.001, 0.002, 0.003, 0.005, 0.01, 0.02];

    private readonly SpamTrainingOptions _options;

    /// <summary>Initializes a new instance of the <see cref="SpamModelTrainer"/> class.</summary>
    /// <param name="options">The options; the defaults when <see langword="null"/>.</param>
    public SpamModelTrainer(SpamTrainingOptions? options = null)
    {
        _options = options ?? new SpamTrainingOptions();
    }

    /// <summary>Trains and chooses a model.</summary>
    /// <param name="train">The training messages.</param>
    /// <param name="validation">The validation messages. They join the training messages in the cross-validation that
    /// chooses the trainer, the blend and the operating point, and in the final fit.</param>
    /// <param name="signalIds">The signal id of each input slot, as given to <see cref="SpamFeatureExtractor"/>.</param>
    /// <param name="test">Held-out messages to measure the chosen model on, if any (never used to choose).</param>
    /// <param name="log">Receives progress lines, if given.</param>
    /// <returns>The chosen model and every candidate's cross-validation metrics.</returns>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The messages lack spam or ham, hold fewer spam or ham than there are folds,
    /// or are grouped so that a fold would train on no spam or no ham; or no trainer is configured.</exception>
    public SpamTrainingResult Train(
        IReadOnlyList<MessageExample> train,
        IReadOnlyList<MessageExample> validation,
        IReadOnlyList<string> signalIds,
        IReadOnlyList<MessageExample>? test = null,
        Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(signalIds);
        if (!train.Any(e => e.IsSpam) || train.All(e => e.IsSpam))
        {
            throw new ArgumentException("The training messages must hold both spam and ham.", nameof(train));
        }

        if (_options.Trainers.Count == 0)
        {
            throw new ArgumentException("No trainer is configured.", nameof(train));
        }

        // The messages the parser accepted, in a fixed order; rejected ones have no features and are never marked.
        var pool = train.Concat(validation).Where(e => !e.Rejected).ToArray();
        var folds = AssignFolds(pool, _options.Folds);
        if (FoldProblem(pool, folds, _options.Folds) is { } problem)
        {
            throw new ArgumentException(problem, nameof(train));
        }

        var watch = Stopwatch.StartNew();

        // Out-of-fold token scores and classifier probabilities: each message scored by statistics and classifiers
        // that did not see it.
        var outOfFoldTokens = new double[pool.Length];
        var outOfFold = _options.Trainers.ToDictionary(k => k, _ => new float[pool.Length]);
        var fits = Enumerable.Range(0, _options.Folds).SelectMany(f => _options.Trainers.Select(k => (Fold: f, Kind: k))).ToArray();
        var seconds = _options.Trainers.ToDictionary(k => k, _ => 0.0);
        var fitLock = new Lock();
        for (var fold = 0; fold < _options.Folds; fold++)
        {
            var statistics = CountTokens(pool.Where((_, i) => folds[i] != fold));
            for (var i = 0; i < pool.Length; i++)
            {
                if (folds[i] == fold)
                {
                    outOfFoldTokens[i] = statistics.Score(pool[i].Input.Tokens);
                }
            }
        }

        Parallel.ForEach(fits, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism }, fit =>
        {
            var fitWatch = Stopwatch.StartNew();
            var ml = new MLContext(seed: _options.Seed);
            var inFold = pool.Where((_, i) => folds[i] != fit.Fold).ToArray();
            var held = pool.Select((e, i) => (e, i)).Where(x => folds[x.i] == fit.Fold).ToArray();
            var chain = Fit(ml, inFold, fit.Kind);
            var probabilities = ReadProbabilities(ml, chain.Transform(ml.Data.LoadFromEnumerable(held.Select(x => x.e.Input))));
            lock (fitLock)
            {
                for (var j = 0; j < held.Length; j++)
                {
                    outOfFold[fit.Kind][held[j].i] = probabilities[j];
                }

                seconds[fit.Kind] += fitWatch.Elapsed.TotalSeconds;
                log?.Invoke($"fold {fit.Fold + 1} of {_options.Folds}: {fit.Kind} fitted in {fitWatch.Elapsed.TotalSeconds:0.0} s");
            }
        });

        var labels = pool.Select(e => e.IsSpam).ToArray();
        var candidates = new List<SpamModelCandidate>();
        SpamModelCandidate? bestCandidate = null;
        SpamModelBlend? bestBlend = null;
        float[] bestProbabilities = [];
        var bestKind = _options.Trainers[0];
        foreach (var kind in _options.Trainers)
        {
            var alone = outOfFold[kind];
            var alonePoint = SpamModelEvaluator.ChooseOperatingPoint(pool, alone, _options.Influence, _options.TargetFalsePositiveRate);
            var aloneMetrics = SpamModelEvaluator.Measure(pool, alone, _options.Influence, 35, alonePoint);
            var blend = BlendFit.Fit(labels, alone, outOfFoldTokens, 0);
            var probabilities = pool.Select((_, i) => blend.Probability(alone[i], outOfFoldTokens[i])).ToArray();
            var point = SpamModelEvaluator.ChooseOperatingPoint(pool, probabilities, _options.Influence, _options.TargetFalsePositiveRate);
            var metrics = SpamModelEvaluator.Measure(pool, probabilities, _options.Influence, 35, point);
            var candidate = new SpamModelCandidate(kind.ToString(), metrics, Math.Round(seconds[kind] / _options.Folds, 2)) { OperatingPoint = point, WithoutTokens = aloneMetrics };
            candidates.Add(candidate);
            log?.Invoke($"{kind}, {_options.Folds}-fold cross-validation over {pool.Length} messages: classifier alone: F1 {aloneMetrics.F1:0.0000}, recall {aloneMetrics.Recall:0.0000}, ham FP {aloneMetrics.FalsePositiveRate:0.0000}; with the token statistics: operating point {point:0.0000}, F1 {metrics.F1:0.0000}, recall {metrics.Recall:0.0000}, ham FP {metrics.FalsePositiveRate:0.0000}, AUC {metrics.AreaUnderRocCurve:0.0000}");
            if (bestCandidate is null || metrics.F1 > bestCandidate.Validation.F1
                || (metrics.F1 == bestCandidate.Validation.F1 && metrics.AreaUnderRocCurve > bestCandidate.Validation.AreaUnderRocCurve))
            {
                bestCandidate = candidate;
                bestBlend = blend;
                bestKind = kind;
                bestProbabilities = probabilities;
            }
        }

        // The final model: the chosen classifier and the token statistics fitted on every message, with the blend and
        // the operating point found out of fold.
        watch.Restart();
        var finalContext = new MLContext(seed: _options.Seed);
        var final = Fit(finalContext, pool, bestKind);
        var tokens = CountTokens(pool);
        var chosen = bestCandidate!;
        var blendUsed = bestBlend! with { Tokens = tokens.Tokens };
        log?.Invoke($"chose {bestKind} (best engine F1 out of fold), operating point {chosen.OperatingPoint:0.0000}; fitted on all {pool.Length} messages in {watch.Elapsed.TotalSeconds:0.0} s, {tokens.Tokens} tokens");

        var tradeOffs = s_tradeOffBudgets.Select(budget =>
        {
            var point = SpamModelEvaluator.ChooseOperatingPoint(pool, bestProbabilities, _options.Influence, budget);
            var metrics = SpamModelEvaluator.Measure(pool, bestProbabilities, _options.Influence, 35, point);
            return new SpamModelTradeOff(budget, point, metrics.Recall, metrics.FalsePositiveRate);
        }).ToArray();

        SpamModelMetrics? testMetrics = null;
        if (test is { Count: > 0 })
        {
            var testClassifier = ReadProbabilities(finalContext, final.Transform(finalContext.Data.LoadFromEnumerable(test.Select(e => e.Input))));
            var testProbabilities = test.Select((e, i) => blendUsed.Probability(testClassifier[i], tokens.Score(e.Input.Tokens))).ToArray();
            testMetrics = SpamModelEvaluator.Measure(test, testProbabilities, _options.Influence, 35, chosen.OperatingPoint);
        }

        var metadata = new SpamModelMetadata
        {
            Trainer = chosen.Trainer,
            Seed = _options.Seed,
            Corpus = _options.Corpus,
            Split = _options.Split,
            TrainedAt = _options.TimeProvider.GetUtcNow(),
            EngineVersion = EmailAnalyzer.EngineVersion,
            TrainingMessages = pool.Length,
            SignalIds = signalIds,
            OperatingPoint = chosen.OperatingPoint,
            TargetFalsePositiveRate = _options.TargetFalsePositiveRate,
            Blend = blendUsed,
            CrossValidationFolds = _options.Folds,
            Candidates = candidates,
            Validation = chosen.Validation,
            TradeOffs = tradeOffs,
            Test = testMetrics,
        };

        using var file = new MemoryStream();
        var schema = finalContext.Data.LoadFromEnumerable(pool.Take(1).Select(e => e.Input)).Schema;
        SpamModel.Save(finalContext, final, schema, tokens, metadata, file);
        var bytes = file.ToArray();
        using var reread = new MemoryStream(bytes, writable: false);
        var outOfFoldRows = pool.Select((e, i) => new OutOfFoldPrediction
        {
            Name = e.Name,
            Group = e.Group,
            IsSpam = e.IsSpam,
            Fold = folds[i],
            ClassifierProbability = outOfFold[bestKind][i],
            TokenScore = outOfFoldTokens[i],
            Probability = bestProbabilities[i],
            RuleWeights = e.RuleWeights,
            Abstained = SpamModelEvaluator.Abstains(e, _options.Influence),
            MarkedSpam = SpamModelEvaluator.IsMarkedSpam(e, bestProbabilities[i], _options.Influence, chosen.OperatingPoint),
        }).ToArray();
        return new SpamTrainingResult(SpamModel.Load(reread, "trained"), bytes, outOfFoldRows);
    }

    /// <summary>Tells why training messages are too few to cross-validate: each fold must train on spam and ham (the
    /// token statistics and the classifiers need both), so there must be at least one of each per fold.</summary>
    /// <param name="pool">The training and validation messages the parser accepted.</param>
    /// <param name="folds">The fold of each (<see cref="AssignFolds"/>).</param>
    /// <param name="count">The number of folds.</param>
    /// <returns>Why the messages cannot be cross-validated, or <see langword="null"/> when they can.</returns>
    internal static string? FoldProblem(IReadOnlyList<MessageExample> pool, int[] folds, int count)
    {
        var spam = pool.Count(e => e.IsSpam);
        var ham = pool.Count - spam;
        if (spam < count || ham < count)
        {
            return $"Training needs at least {count} spam and {count} ham messages that the parser accepts in the training and validation parts, one of each per fold of the cross-validation; they hold {spam} spam and {ham} ham.";
        }

        for (var fold = 0; fold < count; fold++)
        {
            var trainsOnSpam = false;
            var trainsOnHam = false;
            for (var i = 0; i < pool.Count; i++)
            {
                if (folds[i] != fold)
                {
                    trainsOnSpam |= pool[i].IsSpam;
                    trainsOnHam |= !pool[i].IsSpam;
                }
            }

            if (!trainsOnSpam || !trainsOnHam)
            {
                return $"Fold {fold + 1} of the cross-validation would train on no {(trainsOnSpam ? "ham" : "spam")}: each group's messages are dealt to the folds in turn from the first, so groups of a single message all land in it. Put the messages in fewer, larger groups.";
            }
        }

        return null;
    }

    /// <summary>Puts each message in one of <paramref name="folds"/> folds, stratified: within each corpus group, in the
    /// order of the messages' SHA-256, the first goes to fold 0, the second to fold 1, and so on.</summary>
    internal static int[] AssignFolds(IReadOnlyList<MessageExample> pool, int folds)
    {
        var assigned = new int[pool.Count];
        foreach (var group in Enumerable.Range(0, pool.Count).GroupBy(i => pool[i].Group, StringComparer.Ordinal))
        {
            var k = 0;
            foreach (var i in group.OrderBy(i => pool[i].Sha256, StringComparer.Ordinal).ThenBy(i => pool[i].Name, StringComparer.Ordinal))
            {
                assigned[i] = k++ % folds;
            }
        }

        return assigned;
    }

    private static TokenBayes CountTokens(IEnumerable<MessageExample> examples) =>
        TokenBayes.Train(examples.Select(e => ((IReadOnlyList<ulong>)e.Input.Tokens, e.IsSpam)));

    private TransformerChain<ITransformer> Fit(MLContext ml, IReadOnlyList<MessageExample> examples, SpamTrainerKind kind)
    {
        var data = ml.Data.LoadFromEnumerable(examples.Select(e => e.Input));
        var featurizer = Featurizer(ml).Fit(data);
        var features = ml.Data.Cache(featurizer.Transform(data));
        return featurizer.Append<ITransformer>(CreateTrainer(ml, kind).Fit(features));
    }

    private static float[] ReadProbabilities(MLContext ml, IDataView scored) =>
        [.. ml.Data.CreateEnumerable<SpamModelPrediction>(scored, reuseRowObject: false).Select(p => p.Probability)];

    private static EstimatorChain<ColumnConcatenatingTransformer> Featurizer(MLContext ml) =>
        new EstimatorChain<ITransformer>().Append(ml.Transforms.Concatenate(
            FeatureColumn, nameof(SpamModelInput.Text), nameof(SpamModelInput.Signals), nameof(SpamModelInput.Counts)));

    private IEstimator<ITransformer> CreateTrainer(MLContext ml, SpamTrainerKind kind)
    {
        var seed = _options.Seed;
        var iterations = _options.Iterations;
        return kind switch
        {
            SpamTrainerKind.SdcaLogisticRegression => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(SpamModelInput.Label),
                FeatureColumnName = FeatureColumn,
                NumberOfThreads = 1,
                MaximumNumberOfIterations = iterations,
                Shuffle = true,
            }),
            SpamTrainerKind.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = nameof(SpamModelInput.Label),
                FeatureColumnName = FeatureColumn,
                NumberOfIterations = iterations,
                NumberOfLeaves = Leaves,
                MinimumExampleCountPerLeaf = 5,
                LearningRate = 0.1,
                NumberOfThreads = 1,
                Seed = seed,
                Silent = true,
                Booster = new GradientBooster.Options { FeatureFraction = FeatureFraction },
            }),
            SpamTrainerKind.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = nameof(SpamModelInput.Label),
                FeatureColumnName = FeatureColumn,
                NumberOfTrees = iterations,
                NumberOfLeaves = Leaves,
                FeatureFraction = FeatureFraction,
                MinimumExampleCountPerLeaf = 5,
                LearningRate = 0.1,
                NumberOfThreads = 1,
                Seed = seed,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown trainer."),
        };
    }
}
