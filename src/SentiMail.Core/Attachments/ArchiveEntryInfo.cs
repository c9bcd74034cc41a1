namespace SentiMail.Attachments;

/// <summary>One file listed inside an archive attachment.</summary>
/// <param name="Name">The entry's full name inside the archive.</param>
/// <param name="Size">The uncompressed size the archive declares, in bytes.</param>
/// <param name="CompressedSize">The compressed size, in bytes.</param>
/// <param name="IsEncrypted">Whether the entry is encrypted (password protected).</param>
/// <param name="Kind">The entry's true type, sniffed from its first bytes when it could be read.</param>
public sealed record ArchiveEntryInfo(string Name, long Size, long CompressedSize, bool IsEncrypted, FileKind Kind)
{
    /// <summary>Gets the other name the entry is extracted under by some tools, when the archive gives it two: the
    /// Info-ZIP Unicode Path field of a ZIP entry (Info-ZIP unzip and 7-Zip use it instead of the stored name), or the
    /// name a gzip stream records when it differs from the one its file name implies. <see langword="null"/> when
    /// there is one name.</summary>
    public string? OtherName { get; init; }

    /// <summary>Gets a value indicating whether the entry is a Unix interpreter script (<c>#!</c>), which runs only once
    /// extracted, made executable and started from a shell.</summary>
    internal bool IsUnixScript { get; init; }
}
