namespace SentiMail.MachineLearning.Analysis;

/// <summary>The bounded weight of the <c>model.spam</c> signal for a probability.</summary>
public static class ModelInfluence
{
    /// <summary>The probabilities are clamped to this distance from 0 and 1 before their log-odds are taken.</summary>
    private const double Epsilon = 1e-6;

    /// <summary>
    /// Returns the points the model adds (or removes) for a spam probability: linear in the log-odds of the
    /// probability, 0 at probability 0.5 and <see cref="SpamModelOptions.OperatingPointWeight"/> (35) at the model's
    /// operating point, clamped to <c>-MaxLower</c> and <c>+MaxRaise</c>; on current mail capped at
    /// <see cref="SpamModelOptions.ModernMailMaxRaise"/> and, when the rules leave the message below the Suspicious
    /// threshold, at what keeps it below; never negative when strong rule evidence is present. Rounded to 0.1.
    /// </summary>
    /// <param name="probability">The calibrated spam probability, 0 to 1.</param>
    /// <param name="strongEvidence">Whether a strong rule signal (<see cref="SpamModelOptions.StrongEvidenceSignals"/>) was raised.</param>
    /// <param name="options">The bounds.</param>
    /// <param name="operatingPoint">The model's operating point (<see cref="Model.SpamModel.OperatingPoint"/>), above 0.5
    /// and below 1; <see cref="SpamModelOptions.OperatingPoint"/> replaces it when set.</param>
    /// <param name="modernMail">Whether the message carries one of <see cref="SpamModelOptions.ModernMailHeaders"/>: the
    /// shipped model learned from older mail and its opinion of such mail is not informative, so the raise is capped at
    /// <see cref="SpamModelOptions.ModernMailMaxRaise"/> and never takes a message the rules leave Clean to
    /// Suspicious.</param>
    /// <param name="ruleWeights">The sum of the rule signals' weights as the scoring policy counts them.</param>
    /// <param name="suspiciousThreshold">The score from which a message is Suspicious
    /// (<see cref="Scoring.ScoringPolicy.SuspiciousThreshold"/>).</param>
    /// <returns>The weight.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public static double Weight(
        double probability, bool strongEvidence, SpamModelOptions options, double operatingPoint, bool modernMail = false, double ruleWeights = 0, int suspiciousThreshold = 35)
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
            weight = Math.Min(weight, ModernMailCap(options, ruleWeights, suspiciousThreshold));
        }

        if (strongEvidence && weight < 0)
        {
            weight = 0;
        }

        return Math.Round(weight, 1, MidpointRounding.AwayFromZero) + 0.0;
    }

    /// <summary>Returns the most the model may add to current mail (see <see cref="Weight"/>): at most
    /// <see cref="SpamModelOptions.ModernMailMaxRaise"/>, and when the rules leave the message below the Suspicious
    /// threshold, at most what keeps their sum and the model's weight rounding below it (a multiple of 0.1, never
    /// negative).</summary>
    /// <param name="options">The bounds.</param>
    /// <param name="ruleWeights">The sum of the rule signals' weights as the scoring policy counts them.</param>
    /// <param name="suspiciousThreshold">The score from which a message is Suspicious.</param>
    /// <returns>The cap (0 when <paramref name="ruleWeights"/> is not a number).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public static double ModernMailCap(SpamModelOptions options, double ruleWeights, int suspiciousThreshold)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (double.IsNaN(ruleWeights))
        {
            // Rule points that are not a number (+∞ and -∞ together) leave no room that can be worked out.
            return 0;
        }

        if (CombinedScore(ruleWeights, 0) >= suspiciousThreshold)
        {
            return options.ModernMailMaxRaise;
        }

        // The score is the sum rounded half away from zero: it stays below the threshold while the sum is below
        // threshold - 0.5. The weight is a multiple of 0.1 strictly under that room.
        var room = Math.Floor(((suspiciousThreshold - 0.5 - Math.Max(ruleWeights, 0)) * 10) - 1e-6) / 10;
        return Math.Clamp(room, 0, options.ModernMailMaxRaise);
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
