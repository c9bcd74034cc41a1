using System.Text.Json.Serialization;
using SentiMail.MachineLearning.Training;
using SentiMail.Reporting;

namespace SentiMail.Cli;

/// <summary>One JSON Lines record of a batch.</summary>
internal sealed class BatchLine
{
    public required string Source { get; init; }

    public int? Position { get; init; }

    public AnalysisReport? Report { get; init; }

    public RejectionLine? Rejected { get; init; }
}

/// <summary>Why a batch item was rejected.</summary>
internal sealed class RejectionLine
{
    public required string Reason { get; init; }

    public required string Message { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(BatchLine))]
[JsonSerializable(typeof(AnalysisReport))]
[JsonSerializable(typeof(OutOfFoldPrediction))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
