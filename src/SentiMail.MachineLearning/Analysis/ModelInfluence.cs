namespace SentiMail.MachineLearning.Analysis;

/// <summary>The bounded weight of the <c>model.spam</c> signal for a probability.</summary>
public static class ModelInfluence
{
    /// <summary>
    /// Returns the points the model adds (or removes) for a spam probability: linear from <c>-MaxLower</c> at 0 through
    /// 0 at 0.5 to <c>+MaxRaise</c> at 1, never negative when strong rule evidence is present. Rounded to 0.1.
    /// </summary>
    /// <param name="probability">The calibrated spam probability, 0 to 1.</param>
    /// <param name="strongEvidence">Whether a strong rule signal (<see cref="SpamModelOptions.StrongEvidenceSignals"/>) was raised.</param>
    /// <param name="options">The bounds.</param>
    /// <param name="modernMail">Whether the message carries one of <see cref="SpamModelOptions.ModernMailHeaders"/>: the
    /// raise is then capped at <see cref="SpamModelOptions.ModernMailMaxRaise"/>.</param>
    /// <returns>The weight.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public static double Weight(double probability, bool strongEvidence, SpamModelOptions options, bool modernMail = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var p = double.IsNaN(probability) ? 0.5 : Math.Clamp(probability, 0, 1);
        var weight = p >= 0.5 ? options.MaxRaise * (p - 0.5) * 2 : -options.MaxLower * (0.5 - p) * 2;
        if (modernMail)
        {
            weight = Math.Min(weight, options.ModernMailMaxRaise);
        }

        if (strongEvidence && weight < 0)
        {
            weight = 0;
        }

        return Math.Round(weight, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>Returns the score the engine gives for a sum of rule weights plus the model's weight (clamped to 0–100).</summary>
    /// <param name="ruleWeights">The sum of the rule signals' weights.</param>
    /// <param name="modelWeight">The model signal's weight.</param>
    /// <returns>The score, 0 to 100.</returns>
    public static int CombinedScore(double ruleWeights, double modelWeight) =>
        (int)Math.Round(Math.Clamp(ruleWeights + modelWeight, 0, 100), MidpointRounding.AwayFromZero);
}
