using Microsoft.ML;
using SentiMail.MachineLearning.Analysis;
using SentiMail.MachineLearning.Features;
using SentiMail.MachineLearning.Model;
using SentiMail.MachineLearning.Quality;

namespace SentiMail.MachineLearning.Training;

/// <summary>Scores labelled messages with a model, in one batch.</summary>
public static class SpamModelEvaluator
{
    /// <summary>The lowest operating point <see cref="ChooseOperatingPoint"/> gives: at 0.5 the model's weight is 0, and
    /// a message it finds likelier ham than spam must not get the weight of a spam verdict.</summary>
    public const double LowestOperatingPoint = 0.55;

    /// <summary>Returns the model's spam probability for each example, in order.</summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">The examples.</param>
    /// <returns>The probabilities.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static float[] Predict(SpamModel model, IReadOnlyList<MessageExample> examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            return [];
        }

        var data = model.Context.Data.LoadFromEnumerable(examples.Select(e => e.Input));
        var scored = model.Transformer.Transform(data);
        var probabilities = model.Context.Data.CreateEnumerable<SpamModelPrediction>(scored, reuseRowObject: false).Select(p => p.Probability).ToArray();
        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = model.Blend(probabilities[i], examples[i].Input);
        }

        return probabilities;
    }

    /// <summary>Measures a model on labelled messages: ranking quality of its probability, and the engine's verdict with it.</summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">The examples.</param>
    /// <param name="influence">The bounds of the model's influence.</param>
    /// <param name="policyThreshold">The score from which a message counts as spam (the Suspicious threshold).</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static SpamModelMetrics Evaluate(SpamModel model, IReadOnlyList<MessageExample> examples, SpamModelOptions influence, int policyThreshold = 35)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(influence);
        return Measure(examples, Predict(model, examples), influence, policyThreshold, model.OperatingPoint);
    }

    /// <summary>Measures given probabilities on labelled messages.</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="probabilities">The model's probability for each example.</param>
    /// <param name="influence">The bounds of the model's influence.</param>
    /// <param name="policyThreshold">The score from which a message counts as spam.</param>
    /// <param name="operatingPoint">The model's operating point.</param>
    /// <returns>The metrics.</returns>
    internal static SpamModelMetrics Measure(IReadOnlyList<MessageExample> examples, IReadOnlyList<float> probabilities, SpamModelOptions influence, int policyThreshold, double operatingPoint)
    {
        var matrix = new ConfusionMatrix();
        double logLoss = 0;
        for (var i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            var p = Math.Clamp((double)probabilities[i], 1e-15, 1 - 1e-15);
            logLoss -= e.IsSpam ? Math.Log2(p) : Math.Log2(1 - p);
            matrix.Add(e.IsSpam, IsMarkedSpam(e, p, influence, operatingPoint, policyThreshold));
        }

        return new SpamModelMetrics
        {
            Messages = examples.Count,
            AreaUnderRocCurve = Auc(examples, probabilities),
            LogLoss = examples.Count == 0 ? 0 : logLoss / examples.Count,
            Recall = matrix.Recall,
            FalsePositiveRate = matrix.FalsePositiveRate,
            Precision = matrix.Precision,
            F1 = matrix.F1,
        };
    }

    /// <summary>Tells whether the engine with the model marks an example spam (score at or above the threshold).</summary>
    /// <param name="example">The example.</param>
    /// <param name="probability">The model's probability.</param>
    /// <param name="influence">The bounds of the model's influence.</param>
    /// <param name="operatingPoint">The model's operating point (<see cref="SpamModel.OperatingPoint"/>).</param>
    /// <param name="policyThreshold">The score from which a message counts as spam.</param>
    /// <returns><see langword="true"/> when marked spam.</returns>
    public static bool IsMarkedSpam(MessageExample example, double probability, SpamModelOptions influence, double operatingPoint, int policyThreshold = 35)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(influence);
        return Facts.Of(example, influence).IsMarkedSpam(probability, influence, operatingPoint, policyThreshold);
    }

    /// <summary>Tells whether the model abstains on an example: it reads as another language than English and
    /// <see cref="SpamModelOptions.AbstainOnOtherLanguages"/> is on (a message the parser rejected is not judged at all).</summary>
    /// <param name="example">The example.</param>
    /// <param name="influence">The bounds of the model's influence.</param>
    /// <returns><see langword="true"/> when the model's probability does not count for it.</returns>
    internal static bool Abstains(MessageExample example, SpamModelOptions influence) =>
        !example.Rejected && !Facts.Of(example, influence).English;

    /// <summary>
    /// Chooses the operating point on labelled messages: among probabilities from 0.55 to 0.99999 (a grid even in
    /// log-odds), those whose engine verdicts keep the ham false positives within
    /// <paramref name="targetFalsePositiveRate"/> of the ham are kept (ham the rules mark whatever the model says,
    /// because of strong rule evidence or more rule points than the model may remove, counts towards the target, as the
    /// model is not allowed to clear it; when it alone is more than half the target, the model's own false positives may
    /// still be half of it), the best spam recall among them is found, and the middle (in log-odds) of the longest range
    /// of probabilities that reach it is returned, so that the point keeps a margin on both sides. When no probability
    /// meets the target, the one with the fewest false positives (then the best recall) is returned.
    /// </summary>
    /// <param name="examples">The labelled messages (validation).</param>
    /// <param name="probabilities">The model's probability for each.</param>
    /// <param name="influence">The bounds of the model's influence.</param>
    /// <param name="targetFalsePositiveRate">The most ham false positives allowed, as a share of the ham.</param>
    /// <param name="policyThreshold">The score from which a message counts as spam.</param>
    /// <returns>The operating point, a probability above 0.5 and below 1.</returns>
    internal static double ChooseOperatingPoint(IReadOnlyList<MessageExample> examples, IReadOnlyList<float> probabilities, SpamModelOptions influence, double targetFalsePositiveRate, int policyThreshold = 35)
    {
        // The weight only reads OperatingPoint from the options when it is set: measure with a copy that leaves it unset.
        var options = influence.OperatingPoint is null ? influence : WithoutOperatingPoint(influence);
        var low = Math.Log(LowestOperatingPoint / (1 - LowestOperatingPoint));
        var high = Math.Log(0.99999 / 0.00001);
        const int Steps = 400;

        // What the weight needs of each message, found once rather than at every grid point (the language check reads the text).
        var facts = examples.Select(e => Facts.Of(e, options)).ToArray();
        var grid = new (double Point, ConfusionMatrix Matrix)[Steps + 1];
        for (var k = 0; k <= Steps; k++)
        {
            var z = low + (high - low) * k / Steps;
            var point = 1 / (1 + Math.Exp(-z));
            var matrix = new ConfusionMatrix();
            for (var i = 0; i < examples.Count; i++)
            {
                matrix.Add(examples[i].IsSpam, facts[i].IsMarkedSpam(probabilities[i], options, point, policyThreshold));
            }

            grid[k] = (point, matrix);
        }

        // The target is for the engine's false positives, the rules' included. Ham that the rules mark whatever the model
        // says (strong evidence, or more rule points than the model may remove) uses up part of it; when the rules alone
        // would use up more than half, the model's own false positives keep half the target, so that mail whose rules
        // misfire still gets a model that catches something.
        var rulesOnly = Enumerable.Range(0, examples.Count).Count(i => !examples[i].IsSpam && facts[i].IsMarkedSpam(0, options, 0.99999, policyThreshold));
        var ham = examples.Count(e => !e.IsSpam);
        var modelBudget = Math.Max(targetFalsePositiveRate * ham - rulesOnly, targetFalsePositiveRate * ham / 2);
        bool WithinTarget(ConfusionMatrix m) => ham == 0 || m.FalsePositives - rulesOnly <= modelBudget + 1e-9;
        var feasible = Enumerable.Range(0, grid.Length).Where(k => WithinTarget(grid[k].Matrix)).ToList();
        if (feasible.Count == 0)
        {
            return grid.OrderBy(g => g.Matrix.FalsePositives).ThenByDescending(g => g.Matrix.TruePositives).ThenBy(g => g.Point).First().Point;
        }

        // The longest run of neighbouring grid points that all reach the best recall within the target; its middle.
        var best = feasible.Max(k => grid[k].Matrix.TruePositives);
        bool Reaches(int k) => WithinTarget(grid[k].Matrix) && grid[k].Matrix.TruePositives == best;
        var (runStart, runLength) = (0, 0);
        for (var k = 0; k < grid.Length;)
        {
            var end = k;
            while (end < grid.Length && Reaches(end))
            {
                end++;
            }

            if (end - k > runLength)
            {
                (runStart, runLength) = (k, end - k);
            }

            k = end == k ? k + 1 : end;
        }

        var middle = runStart + (runLength - 1) / 2.0;
        var zMiddle = low + (high - low) * middle / Steps;
        return 1 / (1 + Math.Exp(-zMiddle));
    }

    /// <summary>What the engine's verdict with the model needs to know of an example besides the probability.</summary>
    private readonly record struct Facts(bool Rejected, bool Strong, bool English, bool Modern, double RuleWeights)
    {
        public static Facts Of(MessageExample example, SpamModelOptions influence) => example.Rejected
            ? new Facts(true, false, false, false, 0)
            : new Facts(
                false,
                example.RuleSignals.Any(influence.StrongEvidenceSignals.Contains),
                !influence.AbstainOnOtherLanguages || Features.TrainingLanguage.IsEnglishOrUnknown(example.Input.Subject, example.Input.Body),
                influence.BoundModernMail && example.HeaderNames.Any(influence.ModernMailHeaders.Contains),
                example.RuleWeights);

        public bool IsMarkedSpam(double probability, SpamModelOptions influence, double operatingPoint, int policyThreshold)
        {
            if (Rejected)
            {
                return false;
            }

            var weight = English ? ModelInfluence.Weight(probability, Strong, influence, operatingPoint, Modern, RuleWeights, policyThreshold) : 0;
            return ModelInfluence.CombinedScore(RuleWeights, weight) >= policyThreshold;
        }
    }

    private static SpamModelOptions WithoutOperatingPoint(SpamModelOptions influence)
    {
        var copy = new SpamModelOptions
        {
            MaxRaise = influence.MaxRaise,
            MaxLower = influence.MaxLower,
            ModernMailMaxRaise = influence.ModernMailMaxRaise,
            OperatingPointWeight = influence.OperatingPointWeight,
            AbstainOnOtherLanguages = influence.AbstainOnOtherLanguages,
            BoundModernMail = influence.BoundModernMail,
        };
        copy.ModernMailHeaders.Clear();
        copy.ModernMailHeaders.UnionWith(influence.ModernMailHeaders);
        copy.StrongEvidenceSignals.Clear();
        copy.StrongEvidenceSignals.UnionWith(influence.StrongEvidenceSignals);
        return copy;
    }

    private static double Auc(IReadOnlyList<MessageExample> examples, IReadOnlyList<float> probabilities)
    {
        // Mann-Whitney: the share of (spam, ham) pairs the probability orders correctly, ties counting half.
        var order = Enumerable.Range(0, examples.Count).OrderBy(i => probabilities[i]).ToArray();
        double rankSum = 0;
        var spam = 0;
        var i0 = 0;
        while (i0 < order.Length)
        {
            var i1 = i0;
            while (i1 + 1 < order.Length && probabilities[order[i1 + 1]] == probabilities[order[i0]])
            {
                i1++;
            }

            var rank = (i0 + i1) / 2.0 + 1;
            for (var k = i0; k <= i1; k++)
            {
                if (examples[order[k]].IsSpam)
                {
                    rankSum += rank;
                    spam++;
                }
            }

            i0 = i1 + 1;
        }

        var ham = examples.Count - spam;
        return spam == 0 || ham == 0 ? 0 : (rankSum - spam * (spam + 1) / 2.0) / ((double)spam * ham);
    }
}
