using System.IO.Pipelines;
using System.Text;
using SentiMail.Batch;

namespace SentiMail.Tests.Batch;

public sealed class MboxReaderTests
{
    private static string Message(object subject) => $"From: a@example.org\nTo: b@example.org\nSubject: {subject}\n\nBody {subject}\n";

    [Fact]
    public async Task ReadAsync_ThreeMessages_SplitsAtFromLinesAfterBlankLines()
    {
        var mbox = Mbox(3);

        var messages = await ReadAllAsync(mbox, 1024 * 1024);

        Assert.Equal([1, 2, 3], messages.Select(m => m.Index));
        for (var i = 0; i < 3; i++)
        {
            var text = Encoding.ASCII.GetString(messages[i].Data.Span);
            Assert.StartsWith("From: a@example.org", text, StringComparison.Ordinal);
            Assert.Contains($"Subject: {i + 1}", text, StringComparison.Ordinal);
            Assert.DoesNotContain("From sender@", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadAsync_FromInsideBody_IsNotABoundary()
    {
        var mbox = "From x@y Mon Nov 23 10:00:00 2026\nSubject: one\n\nline\nFrom here on it is body text\n";

        var messages = await ReadAllAsync(mbox, 1024);

        var message = Assert.Single(messages);
        Assert.Contains("From here on", Encoding.ASCII.GetString(message.Data.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EscapedFromLine_IsUnescaped()
    {
        var mbox = "From x@y Mon Nov 23 10:00:00 2026\nSubject: one\n\n>From the archive\n";

        var message = Assert.Single(await ReadAllAsync(mbox, 1024));

        Assert.EndsWith("\nFrom the archive\n", Encoding.ASCII.GetString(message.Data.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MessageOverLimit_IsReportedTooLargeAndOthersKept()
    {
        var big = "From x@y Mon Nov 23 10:00:00 2026\nSubject: big\n\n" + new string('x', 10_000) + "\n\n";
        var mbox = Mbox(1) + big + Mbox(1);

        var messages = await ReadAllAsync(mbox, 4096);

        Assert.Equal(3, messages.Count);
        Assert.False(messages[0].TooLarge);
        Assert.True(messages[1].TooLarge);
        Assert.True(messages[1].Size > 10_000);
        Assert.False(messages[2].TooLarge);
    }

    [Fact]
    public async Task ReadAsync_HugeLineWithoutNewline_DoesNotBufferPastTheLimit()
    {
        var mbox = "From x@y Mon Nov 23 10:00:00 2026\nSubject: long\n\n" + new string('y', 1_000_000);

        var message = Assert.Single(await ReadAllAsync(mbox, 100_000));

        Assert.True(message.TooLarge);
        Assert.True(message.Size >= 1_000_000);
    }

    [Fact]
    public async Task ReadAsync_NoFromLine_IsOneBareMessage()
    {
        var messages = await ReadAllAsync("Subject: bare\n\nhello\n", 1024);

        var message = Assert.Single(messages);
        Assert.StartsWith("Subject: bare", Encoding.ASCII.GetString(message.Data.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_CrLfLines_SplitsToo()
    {
        var mbox = Mbox(2).Replace("\n", "\r\n", StringComparison.Ordinal);

        var messages = await ReadAllAsync(mbox, 1024);

        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task AnalyzeAsync_FolderAndMbox_AnalysesEveryMessageWithBoundedParallelism()
    {
        var dir = Directory.CreateTempSubdirectory("sentimail-batch-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "inbox.mbox"), Mbox(5));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "single.eml"), Message("single"));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, ".hidden.eml"), "not analysed");
            await File.WriteAllBytesAsync(Path.Combine(dir.FullName, "binary.eml"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 0, 0]);
            var analyzer = EmailAnalyzer.CreateDefault();
            var files = MessageBatch.ListFiles([dir.FullName]);

            var results = new List<BatchResult>();
            await foreach (var result in MessageBatch.AnalyzeAsync(analyzer, files, new BatchOptions { MaxParallelism = 2 }))
            {
                results.Add(result);
            }

            Assert.Equal(3, files.Count);
            Assert.Equal(7, results.Count);
            Assert.Equal(5, results.Count(r => r.Position is not null && r.Report is not null));
            var rejected = Assert.Single(results, r => r.Rejection is not null);
            Assert.Equal("not-an-email", rejected.Rejection!.ReasonCode);
            Assert.EndsWith("binary.eml", rejected.Source, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AnalyzeAsync_CallerStopsEarly_DoesNotHang()
    {
        var dir = Directory.CreateTempSubdirectory("sentimail-batch-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "inbox.mbox"), Mbox(200));
            var analyzer = EmailAnalyzer.CreateDefault();
            var seen = 0;
            await foreach (var result in MessageBatch.AnalyzeAsync(analyzer, MessageBatch.ListFiles([dir.FullName]), new BatchOptions { MaxParallelism = 2 }))
            {
                Assert.NotNull(result.Report);
                if (++seen == 3)
                {
                    break;
                }
            }

            Assert.Equal(3, seen);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ListFiles_MissingPath_ThrowsNamingIt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => MessageBatch.ListFiles(["/nonexistent/sentimail"]));

        Assert.Contains("/nonexistent/sentimail", ex.Message, StringComparison.Ordinal);
    }

    private static string Mbox(int count)
    {
        var sb = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            sb.Append("From sender@example.org Mon Nov 23 10:00:00 2026\n");
            sb.Append(Message(i));
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static async Task<List<MboxMessage>> ReadAllAsync(string mbox, long max)
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(mbox));
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096));
        var list = new List<MboxMessage>();
        await foreach (var message in MboxReader.ReadAsync(reader, max))
        {
            list.Add(message);
        }

        return list;
    }
}
