namespace SentiMail.MachineLearning.Model;

/// <summary>
/// How the spam model joins its two parts into one probability: <c>p = 1 / (1 + e^−z)</c> with
/// <c>z = ClassifierWeight · logit(classifier's probability) + TokenWeight · token score + Bias</c>, where the token
/// score is the sum of the log-odds of the message's most telling tokens (<see cref="TokenBayes"/>).
/// </summary>
/// <remarks>
/// Fitted when the model is trained, on out-of-fold scores of the training and validation messages: each part's score is
/// divided by its spread there, so that both count equally, and a logistic fit (Platt scaling) of their sum turns it into a calibrated probability.
/// </remarks>
public sealed record SpamModelBlend
{
    /// <summary>Gets the weight of the log-odds of the classifier's probability (trees or linear model).</summary>
    public double ClassifierWeight { get; init; }

    /// <summary>Gets the weight of the token score.</summary>
    public double TokenWeight { get; init; }

    /// <summary>Gets the constant term.</summary>
    public double Bias { get; init; }

    /// <summary>Gets the number of tokens the token statistics keep.</summary>
    public int Tokens { get; init; }

    /// <summary>Returns the blended probability.</summary>
    /// <param name="classifierProbability">The classifier's calibrated probability.</param>
    /// <param name="tokenScore">The token score.</param>
    /// <returns>The probability, 0 to 1.</returns>
    public float Probability(double classifierProbability, double tokenScore)
    {
        var z = (ClassifierWeight * Logit(classifierProbability)) + (TokenWeight * tokenScore) + Bias;
        return (float)(1 / (1 + Math.Exp(-z)));
    }

    /// <summary>The log-odds of a probability, clamped to ±16 (probabilities within 1e-7 of 0 or 1).</summary>
    internal static double Logit(double probability)
    {
        var p = Math.Clamp(probability, 1e-7, 1 - 1e-7);
        return Math.Log(p / (1 - p));
    }
}
