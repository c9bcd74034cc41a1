namespace SentiMail.MachineLearning.Model;

/// <summary>What a spam model file says about itself: how, when and on what it was trained, and how well it did.</summary>
public sealed record SpamModelMetadata
{
    /// <summary>The model file format this version reads and writes: 3 since the model joins token statistics to its
    /// trees (version 2 had link, sender and relay tokens and an operating point; version 1 neither).</summary>
    public const int CurrentFormatVersion = 3;

    /// <summary>Gets the file format version.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Gets the chosen trainer, such as <c>LightGbm</c>.</summary>
    public string Trainer { get; init; } = string.Empty;

    /// <summary>Gets the random seed used for training.</summary>
    public int Seed { get; init; }

    /// <summary>Gets a description of the training corpus and its licence.</summary>
    public string Corpus { get; init; } = string.Empty;

    /// <summary>Gets a description of the split: where the lists are and the SHA-256 of each.</summary>
    public string Split { get; init; } = string.Empty;

    /// <summary>Gets when the model was trained.</summary>
    public DateTimeOffset TrainedAt { get; init; }

    /// <summary>Gets the engine version that produced the training features.</summary>
    public string EngineVersion { get; init; } = string.Empty;

    /// <summary>Gets the number of training messages.</summary>
    public int TrainingMessages { get; init; }

    /// <summary>Gets the signal id of each slot of <see cref="Features.SpamModelInput.Signals"/>, in order.</summary>
    public IReadOnlyList<string> SignalIds { get; init; } = [];

    /// <summary>Gets the operating point: the probability at which the model's signal reaches the Suspicious threshold
    /// on its own (<see cref="SpamModelOptions.OperatingPointWeight"/>), chosen out of fold (cross-validation over the training and validation messages) as the one
    /// with the best spam recall whose ham false-positive rate stays within <see cref="TargetFalsePositiveRate"/>.</summary>
    public double OperatingPoint { get; init; }

    /// <summary>Gets the most ham false positives of the engine with the model, as a share of the ham, that the
    /// operating point was chosen to allow (ham the rules mark whatever the model says counts towards it; when that
    /// alone is more than half of it, the model's own may still be half of it).</summary>
    public double TargetFalsePositiveRate { get; init; }

    /// <summary>Gets how the classifier's probability and the token statistics' score are joined (fitted out of fold
    /// over the training and validation messages).</summary>
    public SpamModelBlend Blend { get; init; } = new();

    /// <summary>Gets the number of cross-validation folds that chose the trainer, the blend and the operating point.</summary>
    public int CrossValidationFolds { get; init; }

    /// <summary>Gets every trainer tried, with its cross-validation metrics.</summary>
    public IReadOnlyList<SpamModelCandidate> Candidates { get; init; } = [];

    /// <summary>Gets the chosen trainer's metrics out of fold (cross-validation over the training and validation messages).</summary>
    public SpamModelMetrics? Validation { get; init; }

    /// <summary>Gets what the chosen model reaches out of fold at other ham false-positive budgets, from the tightest
    /// (empty in files written before it was recorded).</summary>
    public IReadOnlyList<SpamModelTradeOff> TradeOffs { get; init; } = [];

    /// <summary>Gets the chosen model's metrics on the held-out test messages, when they were given.</summary>
    public SpamModelMetrics? Test { get; init; }

    /// <summary>Gets the SHA-256 of the file's ML.NET pipeline entry (<c>model.zip</c>), lowercase hex, checked before it
    /// is read: a damaged file then fails with a clear error instead of loading wrong trees (or keeping ML.NET's
    /// reader busy). <see langword="null"/> in files written before it was recorded, which are read unchecked.</summary>
    public string? PipelineSha256 { get; init; }

    /// <summary>Gets the SHA-256 of the file's token statistics entry (<c>tokens.bin</c>), lowercase hex, checked the
    /// same way; <see langword="null"/> in files written before it was recorded.</summary>
    public string? TokensSha256 { get; init; }
}
