namespace SentiMail.Host.Storage;

/// <summary>One row of the <c>Analyses</c> table: the report as JSON and, until purged, the raw message encrypted.</summary>
internal sealed class AnalysisEntity
{
    public Guid Id { get; set; }

    /// <summary>Gets or sets the owner's user id (<c>NameIdentifier</c>), or <see langword="null"/> for anonymous submissions.</summary>
    public string? OwnerId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Verdict { get; set; }

    public int Score { get; set; }

    public string? SourceFileName { get; set; }

    /// <summary>Gets or sets the report, as <c>AnalysisReportJson</c> writes it.</summary>
    public string ReportJson { get; set; } = "";

    /// <summary>Gets or sets the raw message sealed with AES-GCM (see <c>RawMessageProtector</c>), or
    /// <see langword="null"/> when none was kept or it was purged.</summary>
    public byte[]? RawMessageCiphertext { get; set; }

    /// <summary>Gets or sets the id of the key that sealed <see cref="RawMessageCiphertext"/>.</summary>
    public string? RawMessageKeyId { get; set; }

    /// <summary>Gets or sets when the raw message was purged by the retention service.</summary>
    public DateTimeOffset? RawMessagePurgedAt { get; set; }
}
