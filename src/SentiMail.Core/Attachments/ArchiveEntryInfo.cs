namespace SentiMail.Attachments;

/// <summary>One file listed inside an archive attachment.</summary>
/// <param name="Name">The entry's full name inside the archive.</param>
/// <param name="Size">The uncompressed size the archive declares, in bytes.</param>
/// <param name="CompressedSize">The compressed size, in bytes.</param>
/// <param name="IsEncrypted">Whether the entry is encrypted (password protected).</param>
/// <param name="Kind">The entry's true type, sniffed from its first bytes when it could be read.</param>
public sealed record ArchiveEntryInfo(string Name, long Size, long CompressedSize, bool IsEncrypted, FileKind Kind);
