namespace SentiMail.MachineLearning.Model;

/// <summary>One trainer tried during training, with its result out of fold (cross-validation over the training and
/// validation messages).</summary>
/// <param name="Trainer">The trainer's name, such as <c>LightGbm</c>.</param>
/// <param name="Validation">Its cross-validation metrics.</param>
/// <param name="TrainingSeconds">How long one fit took (the mean over the folds).</param>
public sealed record SpamModelCandidate(string Trainer, SpamModelMetrics Validation, double TrainingSeconds)
{
    /// <summary>Gets the operating point chosen for this candidate out of fold (see
    /// <see cref="SpamModelMetadata.OperatingPoint"/>); <see cref="Validation"/> is measured there.</summary>
    public double OperatingPoint { get; init; }

    /// <summary>Gets the metrics of this trainer's classifier alone (without the token statistics) out of fold,
    /// at its own operating point: what the token statistics add.</summary>
    public SpamModelMetrics? WithoutTokens { get; init; }
}
