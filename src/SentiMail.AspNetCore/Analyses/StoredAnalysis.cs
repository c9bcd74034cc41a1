using SentiMail.Reporting;
using SentiMail.Scoring;

namespace SentiMail.AspNetCore.Analyses;

/// <summary>An analysis kept by an <see cref="IAnalysisStore"/>: the report and who asked for it.</summary>
public sealed record StoredAnalysis
{
    /// <summary>Gets the analysis id (random, not derived from the message).</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the id of the user who submitted the message (the <c>NameIdentifier</c> claim), or
    /// <see langword="null"/> for an anonymous submission.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Gets when the analysis was stored (from the host's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the report.</summary>
    public required AnalysisReport Report { get; init; }

    /// <summary>Gets the verdict, copied from <see cref="Report"/> so that stores can index it.</summary>
    public Verdict Verdict { get; init; }

    /// <summary>Gets the score, copied from <see cref="Report"/>.</summary>
    public int Score { get; init; }

    /// <summary>Gets the name of the uploaded file (without any directory), or <see langword="null"/> when the message was
    /// sent as the request body.</summary>
    public string? SourceFileName { get; init; }

    /// <summary>Gets the raw message as received, when the API keeps it (<see cref="SentiMailApiOptions.KeepRawMessage"/>);
    /// empty otherwise. It is sensitive: a durable store should keep it encrypted and purge it after a retention period.</summary>
    public ReadOnlyMemory<byte> RawMessage { get; init; }
}
