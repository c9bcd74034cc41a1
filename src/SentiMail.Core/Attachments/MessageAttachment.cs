namespace SentiMail.Attachments;

/// <summary>A file attached to the message (or an inline non-text part), decoded once, hashed and typed.</summary>
public sealed class MessageAttachment
{
    /// <summary>Gets the declared file name (decoded), or an empty string when the part has none.</summary>
    public string FileName { get; init; } = string.Empty;

    /// <summary>Gets the declared MIME type in lowercase, such as <c>application/pdf</c>.</summary>
    public string DeclaredContentType { get; init; } = "application/octet-stream";

    /// <summary>Gets a value indicating whether the part is marked inline rather than as an attachment.</summary>
    public bool IsInline { get; init; }

    /// <summary>Gets the decoded size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Gets the SHA-256 of the decoded content, lowercase hex.</summary>
    public string Sha256 { get; init; } = string.Empty;

    /// <summary>Gets the SHA-1 of the decoded content, lowercase hex.</summary>
    public string Sha1 { get; init; } = string.Empty;

    /// <summary>Gets the MD5 of the decoded content, lowercase hex.</summary>
    public string Md5 { get; init; } = string.Empty;

    /// <summary>Gets the true type: the one sniffed from the content, except that text (or content of no known type)
    /// named or declared as HTML is <see cref="FileKind.Html"/>, since that is how it opens
    /// (<see cref="FileTypeSniffer.AsOpened"/>).</summary>
    public FileKind TrueKind { get; init; }

    /// <summary>Gets the decoded content. Valid only while the analysis runs.</summary>
    public ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>Gets the location used in evidence, such as <c>attachment:invoice.zip</c>.</summary>
    public string Location => "attachment:" + (FileName.Length > 0 ? FileName : DeclaredContentType);
}
