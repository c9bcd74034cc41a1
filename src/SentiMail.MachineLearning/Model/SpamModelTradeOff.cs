namespace SentiMail.MachineLearning.Model;

/// <summary>
/// What the chosen model reaches out of fold (cross-validation over the training and validation messages) when its
/// operating point is chosen for another ham false-positive budget: how much spam recall each share of ham marked in
/// error buys. The shipped operating point is the one for <see cref="SpamModelMetadata.TargetFalsePositiveRate"/>;
/// an application that accepts more false positives can set <see cref="SpamModelOptions.OperatingPoint"/> to another.
/// </summary>
/// <param name="TargetFalsePositiveRate">The ham false-positive budget the point was chosen for, as a share of the ham.</param>
/// <param name="OperatingPoint">The operating point chosen for it.</param>
/// <param name="Recall">The engine's spam recall there, out of fold.</param>
/// <param name="FalsePositiveRate">The engine's ham false-positive rate there, out of fold (the rules' included).</param>
public sealed record SpamModelTradeOff(double TargetFalsePositiveRate, double OperatingPoint, double Recall, double FalsePositiveRate);
