using System.IO.Compression;
using SentiMail.Attachments;
using SentiMail.Parsing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Attachments;

public class ArchiveInspectorTests
{
    [Fact]
    public void Inspect_MoreEntriesThanLimit_ReadsUpToTheLimitAndListsTheRestByName()
    {
        var zip = TestFiles.Zip([.. Enumerable.Range(0, 20).Select(i => ($"file{i}.txt", TestFiles.PlainText()))]);

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits { MaxArchiveEntries = 10 });

        Assert.Equal(20, listing.Entries.Count);
        Assert.All(listing.Entries.Take(10), e => Assert.Equal(FileKind.Text, e.Kind));
        Assert.All(listing.Entries.Skip(10), e => Assert.Equal(FileKind.Unknown, e.Kind));
        Assert.Equal("more than 10 entries (the rest checked by name only)", listing.LimitHit);
    }

    [Fact]
    public void Inspect_MoreEntriesThanTenTimesTheLimit_ListsNamesUpToThat()
    {
        var zip = TestFiles.Zip([.. Enumerable.Range(0, 30).Select(i => ($"file{i}.txt", TestFiles.PlainText()))]);

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits { MaxArchiveEntries = 2 });

        Assert.Equal(2 * ArchiveInspector.NamesPerEntryLimit, listing.Entries.Count);
        Assert.NotNull(listing.LimitHit);
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

    [Fact]
    public void Inspect_ArchiveInsideArchive_ListsTheInnerEntries()
    {
        var zip = TestFiles.Zip(("documents.zip", TestFiles.Zip(("payload.exe", TestFiles.WindowsExecutable()), ("notes.txt", TestFiles.PlainText()))));

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());

        Assert.Null(listing.Error);
        Assert.Equal(["documents.zip", "documents.zip/payload.exe", "documents.zip/notes.txt"], listing.Entries.Select(e => e.Name));
        Assert.Equal([FileKind.Zip, FileKind.WindowsExecutable, FileKind.Text], listing.Entries.Select(e => e.Kind));
        Assert.Equal(1, listing.NestedArchives);
        Assert.Null(listing.LimitHit);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(8, 3)]
    public void Inspect_ArchivesNestedThreeDeep_OpensThemDownToMaxArchiveDepth(int maxDepth, int levelsListed)
    {
        // a.zip holds b.zip, which holds c.zip, which holds payload.exe: level 1 is the attachment itself.
        var zip = TestFiles.Zip(("b.zip", TestFiles.Zip(("c.zip", TestFiles.Zip(("payload.exe", TestFiles.WindowsExecutable()))))));

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits { MaxArchiveDepth = maxDepth });

        // One level deeper than the limit, an archive's entries are listed by name, unread.
        string[] all = ["b.zip", "b.zip/c.zip", "b.zip/c.zip/payload.exe"];
        Assert.Equal(all.Take(levelsListed + 1), listing.Entries.Select(e => e.Name));
        Assert.All(listing.Entries.Skip(levelsListed), e => Assert.Equal(FileKind.Unknown, e.Kind));
        Assert.Equal(levelsListed - 1, listing.NestedArchives);

        // An archive listed by name only at the limit is noted, like the other limits: its contents were not seen.
        if (levelsListed < all.Length)
        {
            Assert.Equal($"an archive nested deeper than {maxDepth} levels ({all[levelsListed - 1]}), listed by name only", listing.LimitHit);
        }
        else
        {
            Assert.Null(listing.LimitHit);
        }
    }

    [Fact]
    public void Inspect_NestedArchivesDeclaringHugeSizes_AllocateOnlyWhatTheyHold()
    {
        // Twenty tiny stored archives whose directory claims almost 8 MiB each: memory follows the bytes inflated,
        // not the sizes claimed (a buffer of the claimed size each used to be 160 MiB here, 4 GiB for a thousand).
        var inner = TestFiles.Zip(("notes.txt", TestFiles.PlainText()));
        var zip = StoredZip([.. Enumerable.Range(0, 20).Select(i => ($"part{i}.zip", inner))]);
        ClaimUncompressedSize(zip, (8 * 1024 * 1024) - 1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(listing.Entries, e => e.Name == "part0.zip" && e.Size == (8 * 1024 * 1024) - 1);
        Assert.True(allocated < 32L * 1024 * 1024, $"{allocated:N0} bytes allocated");
    }

    private static byte[] StoredZip(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, System.IO.Compression.CompressionLevel.NoCompression).Open();
                stream.Write(content);
            }
        }

        return output.ToArray();
    }

    /// <summary>Writes <paramref name="size"/> as the uncompressed size of every entry in the central directory.</summary>
    private static void ClaimUncompressedSize(byte[] zip, int size)
    {
        for (var i = zip.AsSpan().IndexOf("PK\u0001\u0002"u8); i >= 0 && i + 28 <= zip.Length;)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(zip.AsSpan(i + 24), size);
            var next = zip.AsSpan(i + 4).IndexOf("PK\u0001\u0002"u8);
            i = next < 0 ? -1 : i + 4 + next;
        }
    }

    [Fact]
    public void Inspect_NestedZipBomb_StaysWithinTheBudgetAndIsReported()
    {
        // 42.zip-like: 16 archives, each of 16 entries of 16 MiB of zeros (4 GiB in all), inside one archive.
        var layer = ZerosArchive(16, 16 * 1024 * 1024);
        var zip = TestFiles.Zip([.. Enumerable.Range(0, 16).Select(i => ($"lib{i}.zip", layer))]);
        var limits = new MessageLimits();

        var listing = ArchiveInspector.Inspect(zip, limits);

        Assert.Null(listing.Error);
        Assert.NotNull(listing.Bomb);
        Assert.StartsWith("lib", listing.Bomb, StringComparison.Ordinal);
        Assert.Contains(".zip/", listing.Bomb, StringComparison.Ordinal);
        Assert.Equal(16, listing.NestedArchives);
        Assert.Equal(16 + (16 * 16), listing.Entries.Count);

        // Each layer is read whole (it is small), each of its entries only to sniff it.
        Assert.Equal((16L * layer.Length) + (16L * 16 * 4096), listing.Decompressed);
        Assert.True(listing.Decompressed <= limits.MaxArchiveDecompressedBytes);
    }

    [Fact]
    public void Inspect_NestedArchivesOverTheBudget_StopAtTheBudget()
    {
        var layer = ZerosArchive(16, 16 * 1024 * 1024);
        var zip = TestFiles.Zip([.. Enumerable.Range(0, 16).Select(i => ($"lib{i}.zip", layer))]);
        var limits = new MessageLimits { MaxArchiveDecompressedBytes = 64 * 1024 };

        var listing = ArchiveInspector.Inspect(zip, limits);

        Assert.True(layer.Length > limits.MaxArchiveDecompressedBytes);
        Assert.Equal(limits.MaxArchiveDecompressedBytes, listing.Decompressed);
        Assert.Equal("more than 65,536 decompressed bytes", listing.LimitHit);
        Assert.Equal(0, listing.NestedArchives);
    }

    [Fact]
    public void Inspect_NestedArchiveLargerThanTheNestedLimit_IsListedFromItsHead()
    {
        var big = TestFiles.Zip(("payload.exe", TestFiles.WindowsExecutable()), ("data.bin", RandomBytes(ArchiveInspector.MaxNestedArchiveBytes + 1)));
        var zip = TestFiles.Zip(("big.zip", big));

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());

        // Its directory lies past the part read: its entries are listed from their local headers, their heads sniffed.
        Assert.Equal(["big.zip", "big.zip/payload.exe", "big.zip/data.bin"], listing.Entries.Select(e => e.Name));
        Assert.Equal(FileKind.WindowsExecutable, listing.Entries[1].Kind);
        Assert.InRange(listing.Decompressed, ArchiveInspector.MaxNestedArchiveBytes + 1, ArchiveInspector.MaxNestedArchiveBytes + 1 + 512 + 4096);
        Assert.Contains("big.zip", listing.LimitHit, StringComparison.Ordinal);
        Assert.Equal(0, listing.NestedArchives);
    }

    [Fact]
    public void Inspect_UnreadableNestedArchive_IsNotedAndTheRestListed()
    {
        var zip = TestFiles.Zip(("broken.zip", [.. "PK\u0003\u0004"u8, .. new byte[200]]), ("payload.exe", TestFiles.WindowsExecutable()));

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());

        Assert.Null(listing.Error);
        Assert.Equal(["broken.zip", "payload.exe"], listing.Entries.Select(e => e.Name));
        Assert.Contains("broken.zip", listing.Damaged, StringComparison.Ordinal);
        Assert.Null(listing.LimitHit);
    }

    [Theory]
    [InlineData("JUNK")]
    [InlineData("PK\u0007\u0008")]
    public void Inspect_ZipBehindOtherBytes_ListsIt(string prefix)
    {
        var zip = (byte[])[.. System.Text.Encoding.ASCII.GetBytes(prefix), .. TestFiles.Zip(("payload.exe", TestFiles.WindowsExecutable()))];

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());

        Assert.Null(listing.Error);
        var entry = Assert.Single(listing.Entries);
        Assert.Equal(("payload.exe", FileKind.WindowsExecutable), (entry.Name, entry.Kind));
    }

    [Fact]
    public void Inspect_NestedZipNamedZipBehindOtherBytes_IsOpened()
    {
        // Larger than the 4 KiB sniffed, so only its name and its end tell that it is an archive.
        var inner = (byte[])[.. new byte[8192], .. TestFiles.Zip(("payload.exe", TestFiles.WindowsExecutable()))];
        var zip = TestFiles.Zip(("inner.zip", inner));

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());

        Assert.Equal(["inner.zip", "inner.zip/payload.exe"], listing.Entries.Select(e => e.Name));
        Assert.Equal([FileKind.Zip, FileKind.WindowsExecutable], listing.Entries.Select(e => e.Kind));
    }

    /// <summary>An archive of <paramref name="count"/> entries of <paramref name="size"/> zeros each, each declaring a
    /// ratio far over the bomb limit.</summary>
    internal static byte[] ZerosArchive(int count, int size)
    {
        var zeros = new byte[size];
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                var entry = zip.CreateEntry($"zeros{i}.bin", CompressionLevel.Optimal);
                using var stream = entry.Open();
                stream.Write(zeros);
            }
        }

        return output.ToArray();
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(4711).NextBytes(bytes);
        return bytes;
    }
}
