using SentiMail.Scoring;

namespace SentiMail.AspNetCore.Analyses;

/// <summary>What <see cref="IAnalysisStore.ListAsync"/> returns: one page of analyses, newest first.</summary>
public sealed record AnalysisQuery
{
    /// <summary>Gets the owner whose analyses to list, or <see langword="null"/> for every owner (administrators).</summary>
    public string? OwnerId { get; init; }

    /// <summary>Gets the page number, from 1.</summary>
    /// <value>The default is 1.</value>
    public int Page { get; init; } = 1;

    /// <summary>Gets the page size, from 1 to the host's maximum.</summary>
    /// <value>The default is 20.</value>
    public int PageSize { get; init; } = 20;

    /// <summary>Gets the verdict to keep, if any.</summary>
    public Verdict? Verdict { get; init; }

    /// <summary>Gets the earliest creation time to keep (inclusive), if any.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the latest creation time to keep (exclusive), if any.</summary>
    public DateTimeOffset? To { get; init; }
}
