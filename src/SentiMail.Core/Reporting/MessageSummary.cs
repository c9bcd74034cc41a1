namespace SentiMail.Reporting;

/// <summary>The headline facts of an analysed message.</summary>
public sealed record MessageSummary
{
    /// <summary>Gets the <c>From</c> header as decoded text.</summary>
    public string? From { get; init; }

    /// <summary>Gets the <c>To</c> recipients as decoded text.</summary>
    public string? To { get; init; }

    /// <summary>Gets the decoded subject.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the <c>Date</c> header, when it parses.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>Gets the <c>Message-ID</c>.</summary>
    public string? MessageId { get; init; }

    /// <summary>Gets the raw size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Gets the number of attachments.</summary>
    public int AttachmentCount { get; init; }

    /// <summary>Gets the number of links.</summary>
    public int LinkCount { get; init; }
}
