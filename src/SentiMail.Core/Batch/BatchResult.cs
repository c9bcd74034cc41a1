using SentiMail.Parsing;
using SentiMail.Reporting;

namespace SentiMail.Batch;

/// <summary>The outcome for one message of a batch: a report, or the reason it was rejected.</summary>
public sealed class BatchResult
{
    /// <summary>Gets the file the message came from.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the 1-based position of the message in its mbox, or <see langword="null"/> for a single-message file.</summary>
    public int? Position { get; init; }

    /// <summary>Gets the report, or <see langword="null"/> when the message was rejected.</summary>
    public AnalysisReport? Report { get; init; }

    /// <summary>Gets the rejection, or <see langword="null"/> when the message was analysed.</summary>
    public MessageRejectedException? Rejection { get; init; }

    /// <summary>Gets the source with the position, such as <c>inbox.mbox#12</c>.</summary>
    public string DisplayName => Position is { } p ? $"{Source}#{p}" : Source;
}
