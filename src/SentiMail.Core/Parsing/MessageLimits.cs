namespace SentiMail.Parsing;

/// <summary>Hard limits applied to every message before and while it is parsed. Input over the size limits is rejected
/// with a <see cref="MessageRejectedException"/> whose <see cref="MessageRejectedException.Reason"/> names the limit; a
/// message past the part or depth limit is analysed as far as it was read (the <c>mime.partly-inspected</c> signal).</summary>
public sealed class MessageLimits
{
    /// <summary>Gets or sets the largest accepted message, in bytes.</summary>
    /// <value>The default value is 32 MiB. Range: 1 KiB to 1 GiB.</value>
    public long MaxMessageBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Gets or sets the largest accepted top-level header block, in bytes.</summary>
    /// <value>The default value is 1 MiB. Range: 1 KiB to <see cref="MaxMessageBytes"/>.</value>
    public int MaxHeaderBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the deepest nesting of multiparts and attached messages the engine reads; deeper entities are
    /// skipped and reported.</summary>
    /// <value>The default value is 32. Range: 1 to 256.</value>
    public int MaxMimeDepth { get; set; } = 32;

    /// <summary>Gets or sets the most MIME entities (parts, multiparts and attached messages) the engine reads in a
    /// message; later ones are skipped and reported.</summary>
    /// <value>The default value is 1,000. Range: 1 to 100,000.</value>
    public int MaxParts { get; set; } = 1000;

    /// <summary>Gets or sets the most entries of one archive attachment (at every level together) whose content is read
    /// to sniff or check it. The entries past it are listed and checked by name only, up to ten times as many; an
    /// archive over the limit raises <c>attachment.archive-unreadable</c> at 35.</summary>
    /// <value>The default value is 1,000. Range: 1 to 1,000,000.</value>
    public int MaxArchiveEntries { get; set; } = 1000;

    /// <summary>Gets or sets the most bytes the engine decompresses from one archive attachment (all entries and the
    /// checks of the files inside together), from the compressed object streams of one message's PDF attachments, and
    /// from all of one message's archives together to find the emails they hold (past it, <c>mime.partly-inspected</c>).</summary>
    /// <value>The default value is 64 MiB. Range: 1 KiB to 4 GiB.</value>
    public long MaxArchiveDecompressedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets the highest accepted ratio between an archive entry's declared size and its compressed size
    /// before the archive counts as a decompression bomb.</summary>
    /// <value>The default value is 200. Range: 2 to 100,000.</value>
    public int MaxArchiveCompressionRatio { get; set; } = 200;

    /// <summary>Gets or sets how deep archives inside archives are opened; the entries of an archive one level deeper
    /// are listed by name only.</summary>
    /// <value>The default value is 2. Range: 1 to 8.</value>
    public int MaxArchiveDepth { get; set; } = 2;

    /// <summary>Returns every problem with the current values (empty when valid).</summary>
    /// <returns>One sentence per invalid value.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, MaxMessageBytes is >= 1024 and <= 1L << 30, nameof(MaxMessageBytes), "between 1 KiB and 1 GiB", MaxMessageBytes);
        Check(errors, MaxHeaderBytes >= 1024 && MaxHeaderBytes <= MaxMessageBytes, nameof(MaxHeaderBytes), $"between 1 KiB and {nameof(MaxMessageBytes)}", MaxHeaderBytes);
        Check(errors, MaxMimeDepth is >= 1 and <= 256, nameof(MaxMimeDepth), "between 1 and 256", MaxMimeDepth);
        Check(errors, MaxParts is >= 1 and <= 100_000, nameof(MaxParts), "between 1 and 100000", MaxParts);
        Check(errors, MaxArchiveEntries is >= 1 and <= 1_000_000, nameof(MaxArchiveEntries), "between 1 and 1000000", MaxArchiveEntries);
        Check(errors, MaxArchiveDecompressedBytes is >= 1024 and <= 4L << 30, nameof(MaxArchiveDecompressedBytes), "between 1 KiB and 4 GiB", MaxArchiveDecompressedBytes);
        Check(errors, MaxArchiveCompressionRatio is >= 2 and <= 100_000, nameof(MaxArchiveCompressionRatio), "between 2 and 100000", MaxArchiveCompressionRatio);
        Check(errors, MaxArchiveDepth is >= 1 and <= 8, nameof(MaxArchiveDepth), "between 1 and 8", MaxArchiveDepth);
        return errors;
    }

    private static void Check(List<string> errors, bool ok, string name, string range, long value)
    {
        if (!ok)
        {
            errors.Add($"Limits.{name} must be {range} (was {value}).");
        }
    }
}
