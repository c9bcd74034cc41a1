namespace SentiMail.MachineLearning.Analysis;

/// <summary>The bounded weight of the <c>model.spam</c> signal for a probability.</summary>
public static class ModelInfluence
{
    /// <summary>The probabilities are clamped to this distance from 0 and 1 before their log-odds are taken.</summary>
    private const double Epsilon = 1e-6;

    /// <summary>
    /// Returns the points the model adds (or removes) for a spam probability: linear in the log-odds of the
    /// probability, 0 at probability 0.5 and <see cref="SpamModelOptions.OperatingPointWeight"/> (35) at the model's
    /// operating point, clamped to <c>-MaxLower</c> and <c>+MaxRaise</c>, capped at
    /// <see cref="SpamModelOptions.ModernMailMaxRaise"/> on current mail, never negative when strong rule evidence is
    /// present. Rounded to 0.1.
    /// </summary>
    /// <param name="probability">The calibrated spam probability, 0 to 1.</param>
    /// <param name="strongEvidence">Whether a strong rule signal (<see cref="SpamModelOptions.StrongEvidenceSignals"/>) was raised.</param>
    /// <param name="options">The bounds.</param>
    /// <param name="operatingPoint">The model's operating point (<see cref="Model.SpamModel.OperatingPoint"/>), above 0.5
    /// and below 1; <see cref="SpamModelOptions.OperatingPoint"/> replaces it when set.</param>
    /// <param name="modernMail">Whether the message carries one of <see cref="SpamModelOptions.ModernMailHeaders"/>: the
    /// raise is then capped at <see cref="SpamModelOptions.ModernMailMaxRaise"/>.</param>
    /// <returns>The weight.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public static double Weight(double probability, bool strongEvidence, SpamModelOptions options, double operatingPoint, bool modernMail = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var weight = 0.0;
        if (!double.IsNaN(probability))
        {
            var threshold = Math.Clamp(options.OperatingPoint ?? operatingPoint, 0.5 + Epsilon, 1 - Epsilon);
            weight = options.OperatingPointWeight * LogOdds(probability) / LogOdds(threshold);
            weight = Math.Clamp(weight, -options.MaxLower, options.MaxRaise);
        }

        if (modernMail)
        {
            weight = Math.Min(weight, options.ModernMailMaxRaise);
        }

        if (strongEvidence && weight < 0)
        {
            weight = 0;
        }

        return Math.Round(weight, 1, MidpointRounding.AwayFromZero) + 0.0;
    }

    /// <summary>Returns the score the engine gives for a sum of rule weights plus the model's weight (clamped to 0–100).</summary>
    /// <param name="ruleWeights">The sum of the rule signals' weights.</param>
    /// <param name="modelWeight">The model signal's weight.</param>
    /// <returns>The score, 0 to 100.</returns>
    public static int CombinedScore(double ruleWeights, double modelWeight) =>
        (int)Math.Round(Math.Clamp(ruleWeights + modelWeight, 0, 100), MidpointRounding.AwayFromZero);

    private static double LogOdds(double probability)
    {
        var p = Math.Clamp(probability, Epsilon, 1 - Epsilon);
        return Math.Log(p / (1 - p));
    }
}
