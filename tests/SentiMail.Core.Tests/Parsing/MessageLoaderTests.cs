using System.IO.Pipelines;
using SentiMail.Parsing;
using SentiMail.Testing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Parsing;

/// <summary>The size limit, whatever the input: bytes, streams, pipes and files.</summary>
public sealed class MessageLoaderTests : IDisposable
{
    private const int Limit = 4096;

    private readonly string _folder = Directory.CreateTempSubdirectory("sentimail-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AnalyzeAsync_BytesOverLimit_RejectedAsTooLarge()
    {
        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => Engine().AnalyzeAsync(Oversized()));

        Assert.Equal(RejectionReason.TooLarge, ex.Reason);
        Assert.Equal("too-large", ex.ReasonCode);
        Assert.Contains("4,096", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_BytesAtLimit_IsAnalysed()
    {
        var raw = Oversized()[..Limit];

        var report = await Engine().AnalyzeAsync(raw);

        Assert.Equal(Limit, report.Message.Size);
    }

    [Fact]
    public async Task AnalyzeAsync_SeekableStreamOverLimit_RejectedBeforeReading()
    {
        await using var stream = new CountingStream(Oversized(), canSeek: true);

        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => Engine().AnalyzeAsync(stream));

        Assert.Equal(RejectionReason.TooLarge, ex.Reason);
        Assert.Equal(0, stream.BytesRead);
    }

    [Fact]
    public async Task AnalyzeAsync_SeekableStreamFromMiddle_CountsOnlyTheRest()
    {
        var raw = Oversized();
        await using var stream = new MemoryStream(raw);
        stream.Position = raw.Length - Limit + 10;

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => Engine().AnalyzeAsync(stream));

        // What remains fits the limit, so the size check lets it through; the tail is no email.
        Assert.NotEqual(RejectionReason.TooLarge, Assert.IsType<MessageRejectedException>(ex).Reason);
    }

    [Fact]
    public async Task AnalyzeAsync_EndlessNonSeekableStream_StopsSoonAfterTheLimit()
    {
        await using var stream = new EndlessStream();

        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => Engine().AnalyzeAsync(stream));

        Assert.Equal(RejectionReason.TooLarge, ex.Reason);
        Assert.InRange(stream.BytesRead, Limit + 1, Limit + (256 * 1024));
    }

    [Fact]
    public async Task AnalyzeAsync_NonSeekableStreamOverLimit_RejectedAsTooLarge()
    {
        await using var stream = new CountingStream(Oversized(), canSeek: false);

        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => Engine().AnalyzeAsync(stream));

        Assert.Equal(RejectionReason.TooLarge, ex.Reason);
    }

    [Fact]
    public async Task AnalyzeAsync_PipeOverLimit_RejectedAsTooLarge()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Oversized());
        await pipe.Writer.CompleteAsync();

        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => Engine().AnalyzeAsync(pipe.Reader));

        Assert.Equal(RejectionReason.TooLarge, ex.Reason);
    }

    [Fact]
    public async Task AnalyzeAsync_PipeWrittenInChunks_IsReassembled()
    {
        var raw = TestMessages.Text("Hello in chunks.");
        var pipe = new Pipe();
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < raw.Length; i += 7)
            {
                await pipe.Writer.WriteAsync(raw.AsMemory(i, Math.Min(7, raw.Length - i)));
            }

            await pipe.Writer.CompleteAsync();
        });

        var report = await Engine().AnalyzeAsync(pipe.Reader);
        await writing;

        Assert.Equal(raw.Length, report.Message.Size);
        Assert.Equal("Notes from Monday's meeting", report.Message.Subject);
    }

    [Fact]
    public async Task AnalyzeFileAsync_FileOverLimit_RejectedAsTooLarge()
    {
        var path = Path.Combine(_folder, "large.eml");
        await File.WriteAllBytesAsync(path, Oversized());

        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => Engine().AnalyzeFileAsync(path));

        Assert.Equal(RejectionReason.TooLarge, ex.Reason);
    }

    [Fact]
    public async Task AnalyzeFileAsync_MissingFile_RejectedAsUnreadable()
    {
        var path = Path.Combine(_folder, "missing.eml");

        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => Engine().AnalyzeFileAsync(path));

        Assert.Equal(RejectionReason.Unreadable, ex.Reason);
        Assert.Equal("unreadable", ex.ReasonCode);
        Assert.Contains("missing.eml", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_folder, ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public async Task AnalyzeFileAsync_Folder_RejectedAsUnreadable()
    {
        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => Engine().AnalyzeFileAsync(_folder));

        Assert.Equal(RejectionReason.Unreadable, ex.Reason);
    }

    [Fact]
    public async Task AnalyzeFileAsync_EmptyPath_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Engine().AnalyzeFileAsync(string.Empty));
    }

    private static EmailAnalyzer Engine() => TestEngines.Create(o =>
    {
        o.Limits.MaxMessageBytes = Limit;
        o.Limits.MaxHeaderBytes = 1024;
    });

    private static byte[] Oversized() => TestMessages.Text(new string('a', Limit));

    /// <summary>A stream over fixed bytes that counts what is read from it.</summary>
    private sealed class CountingStream(byte[] data, bool canSeek) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => canSeek;

        public override bool CanWrite => false;

        public override long Length => canSeek ? _inner.Length : throw new NotSupportedException();

        public override long Position
        {
            get => canSeek ? _inner.Position : throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = _inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
