using SentiMail.Attachments;
using SentiMail.Parsing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Attachments;

public class ArchiveInspectorTests
{
    [Fact]
    public void Inspect_MoreEntriesThanLimit_StopsAtTheLimit()
    {
        var zip = TestFiles.Zip([.. Enumerable.Range(0, 20).Select(i => ($"file{i}.txt", TestFiles.PlainText()))]);

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits { MaxArchiveEntries = 10 });

        Assert.Equal(10, listing.Entries.Count);
        Assert.Equal("more than 10 entries", listing.LimitHit);
    }

    [Fact]
    public void Inspect_DecompressedBytesLimit_StopsReadingEntries()
    {
        var zip = TestFiles.Zip([.. Enumerable.Range(0, 4).Select(i => ($"file{i}.bin", TestFiles.WindowsExecutable()))]);

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits { MaxArchiveDecompressedBytes = 1024 });

        Assert.Equal(4, listing.Entries.Count);
        Assert.Equal(FileKind.WindowsExecutable, listing.Entries[0].Kind);
        Assert.Equal(FileKind.WindowsExecutable, listing.Entries[1].Kind);
        Assert.Equal(FileKind.Unknown, listing.Entries[3].Kind);
        Assert.NotNull(listing.LimitHit);
    }

    [Fact]
    public void Inspect_EncryptedEntry_IsListedButNotRead()
    {
        var zip = TestFiles.EncryptedZip(("payload.exe", TestFiles.WindowsExecutable()));

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());

        var entry = Assert.Single(listing.Entries);
        Assert.True(entry.IsEncrypted);
        Assert.Equal(FileKind.Unknown, entry.Kind);
        Assert.True(listing.HasEncrypted);
    }

    [Fact]
    public void Inspect_Bomb_ReportsRatioWithoutInflating()
    {
        var zip = TestFiles.ZerosZip("zeros.bin", 8L * 1024 * 1024);

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());

        Assert.NotNull(listing.Bomb);
        Assert.Equal(8L * 1024 * 1024, Assert.Single(listing.Entries).Size);
    }

    [Fact]
    public void Inspect_NotAZip_ReportsAnError()
    {
        var listing = ArchiveInspector.Inspect("PK\u0003\u0004 not really a zip"u8.ToArray(), new MessageLimits());

        Assert.NotNull(listing.Error);
        Assert.Empty(listing.Entries);
    }
}
