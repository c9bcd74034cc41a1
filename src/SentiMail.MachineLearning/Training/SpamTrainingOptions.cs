namespace SentiMail.MachineLearning.Training;

/// <summary>Options of <see cref="SpamModelTrainer"/>.</summary>
public sealed class SpamTrainingOptions
{
    /// <summary>Gets or sets the random seed; the same seed and data give the same model.</summary>
    /// <value>The default value is 1.</value>
    public int Seed { get; set; } = 1;

    /// <summary>Gets the trainers to compare; the best on the validation messages is kept.</summary>
    /// <value>By default all three.</value>
    public IList<SpamTrainerKind> Trainers { get; } = [SpamTrainerKind.SdcaLogisticRegression, SpamTrainerKind.LightGbm, SpamTrainerKind.FastTree];

    /// <summary>Gets or sets the number of boosting rounds of the tree trainers (SDCA uses it as its iteration cap).</summary>
    /// <value>The default value is 500 (small trees of 7 leaves, each seeing half of the features).</value>
    public int Iterations { get; set; } = 500;

    /// <summary>Gets or sets the most ham false positives, as a share of the validation ham, that the operating point
    /// may give (see <see cref="Model.SpamModelMetadata.OperatingPoint"/>).</summary>
    /// <value>The default value is 0.003 (0.3 %). Range: 0 to 1.</value>
    public double TargetFalsePositiveRate { get; set; } = 0.003;

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
