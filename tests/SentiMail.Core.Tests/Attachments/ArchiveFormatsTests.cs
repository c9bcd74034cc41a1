using System.Diagnostics;
using System.Text;
using SentiMail.Attachments;
using SentiMail.Parsing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Attachments;

/// <summary>Archives besides plain ZIP (gzip, tar, CAB and RAR names), ZIP archives only extractors' fallbacks read,
/// the content checks of the files inside, and hostile input for each reader.</summary>
public class ArchiveFormatsTests
{
    private static readonly byte[] s_program = TestFiles.WindowsExecutable();

    [Theory]
    [InlineData("invoice.exe", "invoice.exe.gz", "invoice.exe", null)]
    [InlineData(null, "invoice.exe.gz", "invoice.exe", null)]
    [InlineData("invoice.exe", "invoice.pdf.gz", "invoice.exe", "invoice.pdf")]
    public void Inspect_Gzip_ListsWhatItHoldsUnderEveryName(string? recorded, string fileName, string name, string? otherName)
    {
        var listing = ArchiveInspector.Inspect(TestArchives.Gzip(s_program, recorded), new MessageLimits(), fileName);

        var entry = Assert.Single(listing.Entries);
        Assert.Equal((name, otherName, FileKind.WindowsExecutable), (entry.Name, entry.OtherName, entry.Kind));
        Assert.Null(listing.LimitHit);
    }

    [Fact]
    public void Inspect_TarAndGzippedTar_ListTheirFiles()
    {
        var tar = TestArchives.Tar(("docs/readme.txt", TestFiles.PlainText()), ("invoice.exe", s_program));

        var plain = ArchiveInspector.Inspect(tar, new MessageLimits(), "invoice.tar");
        var gzipped = ArchiveInspector.Inspect(TestArchives.Gzip(tar), new MessageLimits(), "invoice.tgz");

        Assert.Equal(FileKind.Tar, FileTypeSniffer.Sniff(tar));
        Assert.Equal([("docs/readme.txt", FileKind.Text), ("invoice.exe", FileKind.WindowsExecutable)], plain.Entries.Select(e => (e.Name, e.Kind)));
        Assert.Equal(
            [("invoice.tar", FileKind.Tar), ("invoice.tar/docs/readme.txt", FileKind.Text), ("invoice.tar/invoice.exe", FileKind.WindowsExecutable)],
            gzipped.Entries.Select(e => (e.Name, e.Kind)));
        Assert.Equal(1, gzipped.NestedArchives);
    }

    [Fact]
    public void Inspect_GnuTarWithALongName_UsesTheLongName()
    {
        var name = new string('d', 120) + "/invoice.exe";

        var listing = ArchiveInspector.Inspect(TestArchives.GnuTar((name, s_program)), new MessageLimits());

        Assert.Equal((name, FileKind.WindowsExecutable), (Assert.Single(listing.Entries).Name, listing.Entries[0].Kind));
    }

    [Fact]
    public void Inspect_ZipInsideGzipAndGzipInsideZip_AreOpened()
    {
        var zipInGzip = ArchiveInspector.Inspect(TestArchives.Gzip(TestFiles.Zip(("invoice.exe", s_program))), new MessageLimits(), "invoice.zip.gz");
        var gzipInZip = ArchiveInspector.Inspect(TestFiles.Zip(("invoice.exe.gz", TestArchives.Gzip(s_program))), new MessageLimits());

        Assert.Equal(["invoice.zip", "invoice.zip/invoice.exe"], zipInGzip.Entries.Select(e => e.Name));
        Assert.Equal(FileKind.WindowsExecutable, zipInGzip.Entries[1].Kind);
        Assert.Equal(["invoice.exe.gz", "invoice.exe.gz/invoice.exe"], gzipInZip.Entries.Select(e => e.Name));
        Assert.Equal(FileKind.WindowsExecutable, gzipInZip.Entries[1].Kind);
    }

    [Fact]
    public void Inspect_GzipBomb_InflatesNoMoreThanTheBudget()
    {
        // 256 MiB of zeros, about 250 KiB compressed, then a program.
        var bomb = TestArchives.Gzip(TestArchives.Tar(("zeros.bin", new byte[256 * 1024 * 1024]), ("invoice.exe", s_program)));
        var limits = new MessageLimits { MaxArchiveDecompressedBytes = 4 * 1024 * 1024 };

        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var listing = ArchiveInspector.Inspect(bomb, limits, "backup.tgz");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(listing.Decompressed <= limits.MaxArchiveDecompressedBytes, $"{listing.Decompressed:N0}");
        Assert.Equal("more than 4,194,304 decompressed bytes", listing.LimitHit);
        Assert.DoesNotContain(listing.Entries, e => e.Name.EndsWith("invoice.exe", StringComparison.Ordinal));
        Assert.True(allocated < 16L * 1024 * 1024, $"{allocated:N0} bytes allocated");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.Elapsed}");
    }

    [Theory]
    [InlineData("77777777777\0")]
    [InlineData("\u0080\u007F\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF")]
    public void Inspect_TarDeclaringHugeSizes_StopsAtTheEndOfWhatIsThere(string sizeField)
    {
        byte[] tar = [.. TestArchives.TarHeader("invoice.exe", Encoding.Latin1.GetBytes(sizeField)), .. s_program, .. TestArchives.TarHeader("later.exe", "00000000000\0"u8.ToArray())];
        byte[] pax = [.. TestArchives.TarHeader("PaxHeaders/x", Encoding.Latin1.GetBytes(sizeField), 'x'), .. "30 path=invoice.exe\n"u8];

        var before = GC.GetAllocatedBytesForCurrentThread();
        var listing = ArchiveInspector.Inspect(tar, new MessageLimits(), "backup.tar");
        var paxListing = ArchiveInspector.Inspect(pax, new MessageLimits(), "backup.tar");
        var gzipped = ArchiveInspector.Inspect(TestArchives.Gzip(tar), new MessageLimits { MaxArchiveDecompressedBytes = 1024 * 1024 }, "backup.tgz");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(("invoice.exe", FileKind.WindowsExecutable), (Assert.Single(listing.Entries).Name, listing.Entries[0].Kind));
        Assert.Empty(paxListing.Entries);
        Assert.Equal(["backup.tar", "backup.tar/invoice.exe"], gzipped.Entries.Select(e => e.Name));
        Assert.True(allocated < 8L * 1024 * 1024, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void Inspect_TarWithABadHeaderAfterItsFirstEntries_ListsThemAndSaysSo()
    {
        var good = TestArchives.Tar(("invoice.exe", s_program));
        var bad = TestArchives.TarHeader("later.exe", "00000000001\0"u8.ToArray());
        bad[148] ^= 1;

        byte[] tar = [.. good.AsSpan(0, good.Length - 1024), .. bad, .. new byte[1024]];

        var listing = ArchiveInspector.Inspect(tar, new MessageLimits());

        Assert.NotEqual(FileKind.Tar, FileTypeSniffer.Sniff(bad));
        Assert.Equal("invoice.exe", Assert.Single(listing.Entries).Name);
        Assert.Contains("not valid", listing.Damaged, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("appended-70k")]
    [InlineData("wrong-entry-count")]
    [InlineData("comment-past-the-end")]
    [InlineData("no-central-directory")]
    public void Inspect_ZipThatZipArchiveRejects_IsListedFromItsLocalHeaders(string how)
    {
        var zip = TestArchives.Damage(TestFiles.Zip(("notes.txt", TestFiles.PlainText()), ("invoice.exe", s_program)), how);

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());

        Assert.Null(listing.Error);
        Assert.Equal([("notes.txt", FileKind.Text), ("invoice.exe", FileKind.WindowsExecutable)], listing.Entries.Select(e => (e.Name, e.Kind)));
        Assert.Contains("local headers", listing.Damaged, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_TruncatedLocalHeaders_ListWhatIsThere()
    {
        var zip = TestArchives.Damage(TestFiles.Zip(("invoice.exe", s_program), ("second-file-with-a-long-name.js", TestFiles.PlainText())), "no-central-directory");
        var second = zip.AsSpan(4).IndexOf("PK\u0003\u0004"u8) + 4;

        // Cut in the second header's fixed part, in its name, and in the first entry's data.
        foreach (var cut in new[] { second + 12, second + 40, 60 })
        {
            var listing = ArchiveInspector.Inspect(zip.AsMemory(0, cut), new MessageLimits());

            Assert.Null(listing.Error);
            Assert.Equal("invoice.exe", listing.Entries[0].Name);
        }
    }

    [Fact]
    public void Inspect_LocalHeadersOfManyEmptyEntries_TakeLinearTime()
    {
        // 200,000 bare local headers with no directory: one pass.
        var header = TestArchives.Damage(TestFiles.Zip(("a", [])), "no-central-directory");
        var zip = Enumerable.Repeat(header, 200_000).SelectMany(b => b).ToArray();

        var watch = Stopwatch.StartNew();
        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());

        Assert.Equal(new MessageLimits().MaxArchiveEntries * ArchiveInspector.NamesPerEntryLimit, listing.Entries.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.Elapsed}");
    }

    [Fact]
    public void Inspect_UnicodePathField_GivesTheNameExtractorsUse()
    {
        var zip = TestArchives.ZipWithUnicodePath("readme.txt", "invoice.js", TestFiles.PlainText("var s = 1;\n"));

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());
        var fallback = ArchiveInspector.Inspect(TestArchives.Damage(zip, "no-central-directory"), new MessageLimits());

        Assert.Equal(("readme.txt", "invoice.js"), (Assert.Single(listing.Entries).Name, listing.Entries[0].OtherName));
        Assert.Equal(("readme.txt", "invoice.js"), (Assert.Single(fallback.Entries).Name, fallback.Entries[0].OtherName));
    }

    [Fact]
    public void Inspect_CabAndRar_ListTheirNamesWithoutUnpacking()
    {
        var cab = ArchiveInspector.Inspect(TestArchives.Cab("readme.txt", "invoice.exe"), new MessageLimits());
        var rar4 = ArchiveInspector.Inspect(TestArchives.Rar4("readme.txt", "invoice.exe"), new MessageLimits());
        var rar5 = ArchiveInspector.Inspect(TestArchives.Rar5(false, "readme.txt", "invoice.exe"), new MessageLimits());
        var hidden = ArchiveInspector.Inspect(TestArchives.Rar5(true, "invoice.exe"), new MessageLimits());

        Assert.All([cab, rar4, rar5], l => Assert.Equal(["readme.txt", "invoice.exe"], l.Entries.Select(e => e.Name)));
        Assert.All([cab, rar4, rar5], l => Assert.True(l.NotUnpacked && !l.Unlisted));
        Assert.Empty(hidden.Entries);
        Assert.True(hidden.Unlisted && hidden.HasEncrypted);
    }

    [Fact]
    public void Inspect_HostileCabAndRarHeaders_StopAtTheFirstThatDoesNotFit()
    {
        var random = new byte[64 * 1024];
        new Random(4711).NextBytes(random);
        byte[][] inputs =
        [
            [.. "MSCF"u8, .. random],
            [.. "Rar!\u001A\u0007\u0000"u8, .. random],
            [.. "Rar!\u001A\u0007\u0001\u0000"u8, .. random],
            [.. "Rar!\u001A\u0007\u0001\u0000"u8, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
            TestArchives.Cab("a")[..40],
            TestArchives.Rar4("invoice.exe")[..30],
        ];

        foreach (var input in inputs)
        {
            var listing = ArchiveInspector.Inspect(input, new MessageLimits());

            Assert.True(listing.NotUnpacked);
            Assert.True(listing.Entries.Count <= new MessageLimits().MaxArchiveEntries * ArchiveInspector.NamesPerEntryLimit);
        }
    }

    [Fact]
    public void Inspect_FilesToCheck_AreHandedOverWholeButNotOfficeParts()
    {
        var pdf = TestFiles.Pdf();
        var zip = TestFiles.Zip(
            ("invoice.html", "<p>Invoice</p>"u8.ToArray()),
            ("scan.pdf", pdf),
            ("chart.svg", "<svg/>"u8.ToArray()),
            ("report.doc", TestFiles.OleDocument("WordDocument")),
            ("notes.txt", TestFiles.PlainText()),
            ("order.docx", TestFiles.WordDocument(withMacros: false)));
        var files = new List<ArchiveFile>();

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits(), check: f => { files.Add(f); return 0; });

        Assert.Equal(["invoice.html", "scan.pdf", "chart.svg", "report.doc"], files.Select(f => f.Name));
        Assert.Equal(pdf, files[1].Content.ToArray());
        Assert.Equal(FileKind.Html, files[0].Kind);
        Assert.Contains(listing.Entries, e => e.Name == "order.docx/word/document.xml");
    }

    [Fact]
    public void Inspect_FileToCheckLargerThanTheLimit_IsCheckedInPartAndNoted()
    {
        var page = Encoding.ASCII.GetBytes("<html><body>" + new string(' ', ArchiveInspector.MaxNestedArchiveBytes) + "<form></form></body></html>");
        ArchiveFile? seen = null;

        var listing = ArchiveInspector.Inspect(TestFiles.Zip(("invoice.html", page)), new MessageLimits(), check: f => { seen = f; return 0; });

        Assert.Equal(ArchiveInspector.MaxNestedArchiveBytes, seen!.Content.Length);
        Assert.Contains("invoice.html", listing.LimitHit, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ChecksThatDecompress_CountAgainstTheBudget()
    {
        var zip = TestFiles.Zip([.. Enumerable.Range(0, 5).Select(i => ($"scan{i}.pdf", TestFiles.Pdf()))]);
        var limits = new MessageLimits { MaxArchiveDecompressedBytes = 1024 * 1024 };
        var budgets = new List<long>();

        var listing = ArchiveInspector.Inspect(zip, limits, check: f => { budgets.Add(f.Budget); return 400 * 1024; });

        Assert.Equal(3, budgets.Count);
        Assert.True(budgets[2] < 400 * 1024);
        Assert.Equal("more than 1,048,576 decompressed bytes", listing.LimitHit);
    }

    [Fact]
    public void Inspect_NestedArchiveTooDeep_IsListedByName()
    {
        var zip = TestFiles.Zip(("b.zip", TestFiles.Zip(("a.zip", TestFiles.Zip(("invoice.exe", s_program))))));

        var listing = ArchiveInspector.Inspect(zip, new MessageLimits());

        Assert.Contains(listing.Entries, e => e.Name == "b.zip/a.zip/invoice.exe" && e.Kind == FileKind.Unknown);
        Assert.Contains("b.zip/a.zip", listing.LimitHit, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipInnerName_FollowsTheUsualExtensions()
    {
        Assert.Equal("invoice.exe", ArchiveInspector.GzipInnerName("invoice.exe.gz"));
        Assert.Equal("backup.tar", ArchiveInspector.GzipInnerName("backup.tgz"));
        Assert.Equal("logo.svg", ArchiveInspector.GzipInnerName("logo.svgz"));
        Assert.Equal("content", ArchiveInspector.GzipInnerName(string.Empty));
    }

    [Fact]
    public void Inspect_GzipOfAGzip_IsOneLevelEach()
    {
        var listing = ArchiveInspector.Inspect(TestArchives.Gzip(TestArchives.Gzip(TestArchives.Gzip(s_program))), new MessageLimits(), "x.gz.gz.gz");

        Assert.Equal(["x.gz.gz", "x.gz.gz/x.gz", "x.gz.gz/x.gz/x"], listing.Entries.Select(e => e.Name));
        Assert.NotNull(listing.LimitHit);
    }
}
