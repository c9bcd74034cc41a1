namespace SentiMail.MachineLearning.Training;

/// <summary>
/// How the chosen candidate judged one training or validation message in the cross-validation, by a classifier and token
/// statistics fitted without the message's fold: the figures behind the out-of-fold metrics, to find the messages the
/// model gets wrong (<c>sentimail model train --out-of-fold</c>).
/// </summary>
public sealed record OutOfFoldPrediction
{
    /// <summary>Gets the message's name, such as <c>spam-2/00697.2d22….txt</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the corpus group, such as <c>hard-ham-1</c>.</summary>
    public required string Group { get; init; }

    /// <summary>Gets whether the message is spam.</summary>
    public required bool IsSpam { get; init; }

    /// <summary>Gets the fold the message was held out in (0-based).</summary>
    public required int Fold { get; init; }

    /// <summary>Gets the classifier's probability, before the blend.</summary>
    public required double ClassifierProbability { get; init; }

    /// <summary>Gets the token statistics' score (a sum of log-odds).</summary>
    public required double TokenScore { get; init; }

    /// <summary>Gets the blended probability, the one the operating point is chosen on.</summary>
    public required double Probability { get; init; }

    /// <summary>Gets the sum of the rule signals' weights.</summary>
    public required double RuleWeights { get; init; }

    /// <summary>Gets whether the model abstains on the message because it reads as another language than English
    /// (<see cref="SpamModelOptions.AbstainOnOtherLanguages"/>): its probability then does not count.</summary>
    public bool Abstained { get; init; }

    /// <summary>Gets whether the engine with the model marks the message spam at the chosen operating point.</summary>
    public required bool MarkedSpam { get; init; }
}
