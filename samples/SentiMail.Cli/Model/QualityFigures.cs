using System.Text.Json.Serialization;
using SentiMail.MachineLearning.Quality;

namespace SentiMail.Cli.Model;

/// <summary>Everything <c>model evaluate</c> measured, as written to <c>--json</c>.</summary>
internal sealed class QualityFigures
{
    public required string Model { get; init; }

    public required string ModelTrainer { get; init; }

    public required DateTimeOffset ModelTrainedAt { get; init; }

    public double ModelLoadMilliseconds { get; init; }

    public required int TestMessages { get; init; }

    /// <summary>Gets the folder of the split lists, as given.</summary>
    public string Split { get; init; } = "benchmarks/quality/split";

    /// <summary>Gets the folder of the peers' results, as given.</summary>
    public string Peers { get; init; } = "benchmarks/quality/peers";

    /// <summary>How many test ham the rules mark spam whatever the model says (strong rule evidence, more points than
    /// the model may remove, or a language the model abstains on).</summary>
    public int HeldHamFalsePositives { get; init; }

    /// <summary>Gets how many test spam the engine with the model passed while the model abstained on them (another
    /// language than English).</summary>
    public int AbstainedSpamMissed { get; init; }

    public required IReadOnlyList<FilterFigures> Filters { get; init; }

    public required IReadOnlyList<SampleFigures> Samples { get; init; }

    /// <summary>Gets how well the model's probability matches the test messages (abstentions included: the model still
    /// gives a probability), or <see langword="null"/> when no message got one.</summary>
    public CalibrationFigures? Calibration { get; init; }
}

/// <summary>One filter's results on the test split.</summary>
internal sealed class FilterFigures
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>How many test messages the filter has a result for.</summary>
    public required int Covered { get; init; }

    /// <summary>How many of those results are failures of the filter (a peer's error), counted as not marked.</summary>
    public int Failures { get; init; }

    public required IReadOnlyList<GroupFigures> Groups { get; init; }
}

/// <summary>A filter's confusion matrix on one kind of message (easy ham, hard ham, spam) or on all.</summary>
internal sealed class GroupFigures
{
    public required string Group { get; init; }

    public required ConfusionMatrix Matrix { get; init; }
}

/// <summary>What the engine says about one repository sample, without and with the model.</summary>
internal sealed class SampleFigures
{
    public required string File { get; init; }

    public required string Expected { get; init; }

    public required int RulesScore { get; init; }

    public required string RulesVerdict { get; init; }

    public required int ModelScore { get; init; }

    public required string ModelVerdict { get; init; }

    public required double ModelWeight { get; init; }

    /// <summary>Gets the model's probability, or <see langword="null"/> when the parser refused the sample.</summary>
    public required double? Probability { get; init; }
}

/// <summary>How the engine judged one test message, with rules only and with the model (one line of <c>--predictions</c>).</summary>
internal sealed class TestPrediction
{
    public required string Name { get; init; }

    public required string Group { get; init; }

    public required bool IsSpam { get; init; }

    /// <summary>Gets whether the parser refused the message (it then counts as not marked).</summary>
    public bool Rejected { get; init; }

    public int RulesScore { get; init; }

    public string RulesVerdict { get; init; } = string.Empty;

    public int Score { get; init; }

    public string Verdict { get; init; } = string.Empty;

    public double ModelWeight { get; init; }

    public double? Probability { get; init; }

    /// <summary>Gets whether the model abstained (the message reads as another language than English).</summary>
    public bool Abstained { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(QualityFigures))]
internal sealed partial class QualityJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TestPrediction))]
internal sealed partial class PredictionJsonContext : JsonSerializerContext;
