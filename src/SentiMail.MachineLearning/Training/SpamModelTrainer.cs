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
/// Trains the spam model: fits each configured trainer with a fixed seed on the training messages' features (hashed
/// text n-grams and header, link and relay tokens, rule signals and counts, built by <see cref="Features.MessageFeatures"/>),
/// gives each an operating point on the validation messages (<see cref="SpamModelEvaluator.ChooseOperatingPoint"/>:
/// the best spam recall within <see cref="SpamTrainingOptions.TargetFalsePositiveRate"/>), and keeps the one whose engine
/// verdict there has the best F1 (ties: higher AUC). Single-threaded trainers, so that the same data and seed give the
/// same model.
/// </summary>
public sealed class SpamModelTrainer
{
    // Small trees, many rounds, each tree seeing half of the features: chosen by 5-fold cross-validation on the
    // training and validation messages (recall at a 0.3 % ham false-positive rate), see docs/quality.md.
    private const int Leaves = 7;
    private const double FeatureFraction = 0.5;

    private readonly SpamTrainingOptions _options;

    /// <summary>Initializes a new instance of the <see cref="SpamModelTrainer"/> class.</summary>
    /// <param name="options">The options; the defaults when <see langword="null"/>.</param>
    public SpamModelTrainer(SpamTrainingOptions? options = null)
    {
        _options = options ?? new SpamTrainingOptions();
    }

    /// <summary>Trains and chooses a model.</summary>
    /// <param name="train">The training messages.</param>
    /// <param name="validation">The validation messages, used to choose the trainer.</param>
    /// <param name="signalIds">The signal id of each input slot, as given to <see cref="SpamFeatureExtractor"/>.</param>
    /// <param name="test">Held-out messages to measure the chosen model on, if any (never used to choose).</param>
    /// <param name="log">Receives progress lines, if given.</param>
    /// <returns>The chosen model and every candidate's validation metrics.</returns>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The training set lacks spam or ham, or no trainer is configured.</exception>
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

        var ml = new MLContext(seed: _options.Seed);
        var trainData = ml.Data.LoadFromEnumerable(train.Where(e => !e.Rejected).Select(e => e.Input));
        var validationData = ml.Data.LoadFromEnumerable(validation.Select(e => e.Input));

        var watch = Stopwatch.StartNew();
        var featurizer = Featurizer(ml).Fit(trainData);
        var trainFeatures = ml.Data.Cache(featurizer.Transform(trainData));
        log?.Invoke($"featurizer fitted in {watch.Elapsed.TotalSeconds:0.0} s");

        var candidates = new List<SpamModelCandidate>();
        TransformerChain<ITransformer>? best = null;
        SpamModelCandidate? bestCandidate = null;
        foreach (var kind in _options.Trainers)
        {
            watch.Restart();
            var trained = CreateTrainer(ml, kind).Fit(trainFeatures);
            var seconds = watch.Elapsed.TotalSeconds;
            var chain = featurizer.Append<ITransformer>(trained);
            var probabilities = ReadProbabilities(ml, chain.Transform(validationData));
            var point = SpamModelEvaluator.ChooseOperatingPoint(validation, probabilities, _options.Influence, _options.TargetFalsePositiveRate);
            var metrics = SpamModelEvaluator.Measure(validation, probabilities, _options.Influence, 35, point);
            var candidate = new SpamModelCandidate(kind.ToString(), metrics, Math.Round(seconds, 2)) { OperatingPoint = point };
            candidates.Add(candidate);
            log?.Invoke($"{kind}: fitted in {seconds:0.0} s; operating point {point:0.0000}; validation F1 {metrics.F1:0.0000}, recall {metrics.Recall:0.0000}, ham FP {metrics.FalsePositiveRate:0.0000}, AUC {metrics.AreaUnderRocCurve:0.0000}");
            if (bestCandidate is null || metrics.F1 > bestCandidate.Validation.F1
                || (metrics.F1 == bestCandidate.Validation.F1 && metrics.AreaUnderRocCurve > bestCandidate.Validation.AreaUnderRocCurve))
            {
                best = chain;
                bestCandidate = candidate;
            }
        }

        SpamModelMetrics? testMetrics = null;
        if (test is { Count: > 0 })
        {
            testMetrics = SpamModelEvaluator.Measure(test, ReadProbabilities(ml, best!.Transform(ml.Data.LoadFromEnumerable(test.Select(e => e.Input)))), _options.Influence, 35, bestCandidate!.OperatingPoint);
        }

        var metadata = new SpamModelMetadata
        {
            Trainer = bestCandidate!.Trainer,
            Seed = _options.Seed,
            Corpus = _options.Corpus,
            Split = _options.Split,
            TrainedAt = _options.TimeProvider.GetUtcNow(),
            EngineVersion = EmailAnalyzer.EngineVersion,
            TrainingMessages = train.Count,
            SignalIds = signalIds,
            OperatingPoint = bestCandidate.OperatingPoint,
            TargetFalsePositiveRate = _options.TargetFalsePositiveRate,
            Candidates = candidates,
            Validation = bestCandidate.Validation,
            Test = testMetrics,
        };

        using var file = new MemoryStream();
        SpamModel.Save(ml, best!, trainData.Schema, metadata, file);
        var bytes = file.ToArray();
        using var reread = new MemoryStream(bytes, writable: false);
        return new SpamTrainingResult(SpamModel.Load(reread, "trained"), bytes);
    }

    private static float[] ReadProbabilities(MLContext ml, IDataView scored) =>
        [.. ml.Data.CreateEnumerable<SpamModelPrediction>(scored, reuseRowObject: false).Select(p => p.Probability)];

    private static EstimatorChain<ColumnConcatenatingTransformer> Featurizer(MLContext ml) =>
        new EstimatorChain<ITransformer>().Append(ml.Transforms.Concatenate(
            "Features", nameof(SpamModelInput.Text), nameof(SpamModelInput.Signals), nameof(SpamModelInput.Counts)));

    private IEstimator<ITransformer> CreateTrainer(MLContext ml, SpamTrainerKind kind)
    {
        var seed = _options.Seed;
        var iterations = _options.Iterations;
        return kind switch
        {
            SpamTrainerKind.SdcaLogisticRegression => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(SpamModelInput.Label),
                FeatureColumnName = "Features",
                NumberOfThreads = 1,
                MaximumNumberOfIterations = iterations,
                Shuffle = true,
            }),
            SpamTrainerKind.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = nameof(SpamModelInput.Label),
                FeatureColumnName = "Features",
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
                FeatureColumnName = "Features",
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
