using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using SentiMail.Attachments;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Attachments;

public class PdfScannerTests
{
    [Fact]
    public void FindActiveContent_ScriptInAnObjectStream_IsFound()
    {
        var pdf = TestFiles.PdfWithObjectStream("4 0 << /S /J#61vaScript /JS (app.alert\\(1\\)) >>"u8.ToArray());

        Assert.Equal(["/OpenAction", "/JavaScript", "/JS"], PdfScanner.FindActiveContent(pdf, 1024 * 1024));
    }

    [Fact]
    public void FindActiveContent_NameAcrossTwoInflatedChunks_IsReadWhole()
    {
        // The object stream is inflated 64 KiB at a time: a name cut at a chunk's end is read from the next.
        for (var shift = 1; shift < 12; shift++)
        {
            byte[] objects = [.. Encoding.ASCII.GetBytes("4 0 " + new string(' ', (64 * 1024) - 4 - shift)), .. "/JavaScript "u8];

            Assert.Contains("/JavaScript", PdfScanner.FindActiveContent(TestFiles.PdfWithObjectStream(objects), 1024 * 1024));
        }
    }

    [Fact]
    public void FindActiveContent_ObjectStreamBomb_StopsAtTheBudget()
    {
        // 64 MiB of zeros (about 64 KiB compressed), then the script: the budget runs out first.
        var pdf = TestFiles.PdfWithObjectStream(new ZerosThenScript(64 * 1024 * 1024).ToArray());
        var budget = 4L * 1024 * 1024;

        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var found = PdfScanner.FindActiveContent(pdf, budget);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.DoesNotContain("/JavaScript", found);
        Assert.True(allocated < pdf.Length + (1024 * 1024), $"{allocated:N0} bytes allocated");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.Elapsed}");
    }

    [Fact]
    public void FindActiveContent_ManyObjectStreamsSharingOneBudget_InflateNoMoreThanIt()
    {
        // Forty object streams, each 1 MiB of zeros then a script: a 2 MiB budget covers the first two.
        var one = TestFiles.PdfWithObjectStream(new ZerosThenScript(1024 * 1024).ToArray());
        var body = Encoding.Latin1.GetString(one);
        var stream = body[body.IndexOf("5 0 obj", StringComparison.Ordinal)..body.IndexOf("trailer", StringComparison.Ordinal)];
        var pdf = Encoding.Latin1.GetBytes("%PDF-1.7\n" + string.Concat(Enumerable.Repeat(stream, 40)) + "%%EOF\n");

        Assert.Contains("/JavaScript", PdfScanner.FindActiveContent(pdf, 3L * 1024 * 1024));
        Assert.DoesNotContain("/JavaScript", PdfScanner.FindActiveContent(pdf, 1024 * 1024));
    }

    [Fact]
    public void FindActiveContent_ObjectStreamNamesWithoutStreams_TakeLinearTime()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n" + string.Concat(Enumerable.Repeat("<< /Type /ObjStm >> ", 200_000)));

        var watch = Stopwatch.StartNew();
        var found = PdfScanner.FindActiveContent(pdf, 64 * 1024 * 1024);

        Assert.Empty(found);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{watch.Elapsed}");
    }

    [Fact]
    public void FindActiveContent_CorruptObjectStream_IsSkipped()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\nx\u009c not deflate at all\nendstream\nendobj\n/Launch\n");

        Assert.Equal(["/Launch"], PdfScanner.FindActiveContent(pdf, 1024 * 1024));
    }

    /// <summary>Zeros, then a script action.</summary>
    private sealed class ZerosThenScript(int zeros)
    {
        public byte[] ToArray() => [.. new byte[zeros], .. " << /S /JavaScript /JS (x) >>"u8];
    }
}
