namespace SentiMail.MachineLearning.Training;

/// <summary>Options of <see cref="SpamModelTrainer"/>.</summary>
public sealed class SpamTrainingOptions
{
    /// <summary>Gets or sets the random seed; the same seed and data give the same model.</summary>
    /// <value>The default value is 1.</value>
    public int Seed { get; set; } = 1;

    /// <summary>Gets the trainers to compare; the best out of fold is kept.</summary>
    /// <value>By default all three.</value>
    public IList<SpamTrainerKind> Trainers { get; } = [SpamTrainerKind.SdcaLogisticRegression, SpamTrainerKind.LightGbm, SpamTrainerKind.FastTree];

    /// <summary>Gets or sets the number of boosting rounds of the tree trainers (SDCA uses it as its iteration cap).</summary>
    /// <value>The default value is 500 (small trees of 7 leaves, each seeing half of the features). Range: 1 to
    /// 100,000.</value>
    public int Iterations
    {
        get;
        set => field = value is >= 1 and <= 100_000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Iterations must be 1 to 100,000.");
    } = 500;

    /// <summary>Gets or sets the number of cross-validation folds over the training and validation messages that
    /// choose the trainer, the blend and the operating point.</summary>
    /// <value>The default value is 5. Range: 2 to 20.</value>
    public int Folds
    {
        get;
        set => field = value is >= 2 and <= 20 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Folds must be 2 to 20.");
    } = 5;

    /// <summary>Gets or sets how many fits run at once (each is single-threaded; the result does not depend on it).</summary>
    /// <value>The default value is the number of processors.</value>
    public int MaxParallelism
    {
        get;
        set => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxParallelism must be at least 1.");
    } = Environment.ProcessorCount;

    /// <summary>Gets or sets the most ham false positives of the engine with the model, as a share of the ham, that the
    /// operating point (<see cref="Model.SpamModelMetadata.OperatingPoint"/>) may give out of fold. Ham the rules mark
    /// whatever the model says counts towards it; when that alone is more than half of it, the model's own false
    /// positives may still be half of it.</summary>
    /// <value>The default value is 0.003 (0.3 %). Range: above 0 and below 1.</value>
    public double TargetFalsePositiveRate
    {
        get;
        set => field = value is > 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "TargetFalsePositiveRate must be above 0 and below 1.");
    } = 0.003;

    /// <summary>Gets or sets a description of the corpus, written into the model's metadata.</summary>
    public string Corpus { get; set; } = string.Empty;

    /// <summary>Gets or sets a description of the split, written into the model's metadata.</summary>
    public string Split { get; set; } = string.Empty;

    /// <summary>Gets or sets the bounds of the model's influence, used to judge candidates by the engine's verdict.</summary>
    public SpamModelOptions Influence { get; set; } = new();

    /// <summary>Gets or sets the clock that dates the model.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
