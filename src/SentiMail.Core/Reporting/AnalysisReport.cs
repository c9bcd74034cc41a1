using SentiMail.Scoring;
using SentiMail.Signals;

namespace SentiMail.Reporting;

/// <summary>
/// The result of analysing one message: score, verdict and the signals that explain them. Its JSON shape is stable
/// and versioned by <see cref="SchemaVersion"/> (see <see cref="AnalysisReportJson"/> and <c>docs/report.md</c>).
/// </summary>
public sealed record AnalysisReport
{
    /// <summary>The version of the JSON shape this type produces.</summary>
    public const string CurrentSchemaVersion = "1.0";

    /// <summary>Gets the version of the report's JSON shape.</summary>
    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Gets the headline facts of the message.</summary>
    public required MessageSummary Message { get; init; }

    /// <summary>Gets the score, 0 (clean) to 100 (malicious): the sum of the signals' weights, clamped.</summary>
    public int Score { get; init; }

    /// <summary>Gets the verdict.</summary>
    public Verdict Verdict { get; init; }

    /// <summary>Gets the signals, strongest first.</summary>
    public IReadOnlyList<Signal> Signals { get; init; } = [];

    /// <summary>Gets how long each analyzer took.</summary>
    public IReadOnlyList<AnalyzerTiming> Timings { get; init; } = [];

    /// <summary>Gets the total analysis time in milliseconds, parsing included.</summary>
    public double DurationMilliseconds { get; init; }

    /// <summary>Gets when the analysis started.</summary>
    public DateTimeOffset AnalyzedAt { get; init; }

    /// <summary>Gets the engine's version.</summary>
    public string EngineVersion { get; init; } = string.Empty;

    /// <summary>Gets the versions of the models that contributed, if any (name to version).</summary>
    public IReadOnlyDictionary<string, string>? ModelVersions { get; init; }
}
