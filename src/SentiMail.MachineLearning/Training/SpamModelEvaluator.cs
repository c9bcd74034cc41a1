using Microsoft.ML;
using SentiMail.MachineLearning.Analysis;
using SentiMail.MachineLearning.Features;
using SentiMail.MachineLearning.Model;
using SentiMail.MachineLearning.Quality;

namespace SentiMail.MachineLearning.Training;

/// <summary>Scores labelled messages with a model, in one batch.</summary>
public static class SpamModelEvaluator
{
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
        return [.. model.Context.Data.CreateEnumerable<SpamModelPrediction>(scored, reuseRowObject: false).Select(p => p.Probability)];
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
        return Measure(examples, Predict(model, examples), influence, policyThreshold);
    }

    /// <summary>Measures given probabilities on labelled messages.</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="probabilities">The model's probability for each example.</param>
    /// <param name="influence">The bounds of the model's influence.</param>
    /// <param name="policyThreshold">The score from which a message counts as spam.</param>
    /// <returns>The metrics.</returns>
    internal static SpamModelMetrics Measure(IReadOnlyList<MessageExample> examples, IReadOnlyList<float> probabilities, SpamModelOptions influence, int policyThreshold)
    {
        var matrix = new ConfusionMatrix();
        double logLoss = 0;
        for (var i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            var p = Math.Clamp((double)probabilities[i], 1e-15, 1 - 1e-15);
            logLoss -= e.IsSpam ? Math.Log2(p) : Math.Log2(1 - p);
            matrix.Add(e.IsSpam, IsMarkedSpam(e, p, influence, policyThreshold));
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
    /// <param name="policyThreshold">The score from which a message counts as spam.</param>
    /// <returns><see langword="true"/> when marked spam.</returns>
    public static bool IsMarkedSpam(MessageExample example, double probability, SpamModelOptions influence, int policyThreshold = 35)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(influence);
        if (example.Rejected)
        {
            return false;
        }

        var strong = example.RuleSignals.Any(influence.StrongEvidenceSignals.Contains);
        var english = !influence.AbstainOnOtherLanguages || Features.TrainingLanguage.IsEnglishOrUnknown(example.Input.Subject, example.Input.Body);
        var modern = example.HeaderNames.Any(influence.ModernMailHeaders.Contains);
        var weight = english ? ModelInfluence.Weight(probability, strong, influence, modern) : 0;
        return ModelInfluence.CombinedScore(example.RuleWeights, weight) >= policyThreshold;
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
