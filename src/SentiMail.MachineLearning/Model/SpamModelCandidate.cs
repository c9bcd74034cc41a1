namespace SentiMail.MachineLearning.Model;

/// <summary>One trainer tried during training, with its result on the validation messages.</summary>
/// <param name="Trainer">The trainer's name, such as <c>LightGbm</c>.</param>
/// <param name="Validation">Its metrics on the validation messages.</param>
/// <param name="TrainingSeconds">How long it took to fit.</param>
public sealed record SpamModelCandidate(string Trainer, SpamModelMetrics Validation, double TrainingSeconds)
{
    /// <summary>Gets the operating point chosen for this candidate on the validation messages (see
    /// <see cref="SpamModelMetadata.OperatingPoint"/>); <see cref="Validation"/> is measured there.</summary>
    public double OperatingPoint { get; init; }
}
