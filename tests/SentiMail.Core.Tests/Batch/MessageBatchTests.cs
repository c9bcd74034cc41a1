using System.Diagnostics;
using SentiMail.Batch;
using SentiMail.Context;
using SentiMail.Parsing;
using SentiMail.Reporting;

namespace SentiMail.Tests.Batch;

/// <summary>What a batch lists and how it survives inputs that fail: read errors, named pipes, link loops.</summary>
public sealed class MessageBatchTests : IDisposable
{
    private const string Message = "From: a@example.org\nTo: b@example.org\nSubject: hello\n\nBody\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("sentimail-batch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AnalyzeAsync_AFileWhoseReadFails_IsRejectedAsUnreadableAndTheOthersAreAnalysed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /proc/self/mem opens but fails to read at offset 0 (EIO): a stand-in for a bad disk.
        }

        await File.WriteAllTextAsync(Path.Combine(_folder, "good.eml"), Message);
        File.CreateSymbolicLink(Path.Combine(_folder, "bad.eml"), "/proc/self/mem");

        var results = await AnalyzeAllAsync(MessageBatch.ListFiles([_folder]));

        Assert.Equal(2, results.Count);
        Assert.NotNull(Assert.Single(results, r => r.Source.EndsWith("good.eml", StringComparison.Ordinal)).Report);
        var bad = Assert.Single(results, r => r.Source.EndsWith("bad.eml", StringComparison.Ordinal));
        Assert.Equal(RejectionReason.Unreadable, bad.Rejection!.Reason);
        Assert.IsType<IOException>(bad.Rejection.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task AnalyzeFileAsync_AFileWhoseReadFails_ThrowsUnreadable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => EmailAnalyzer.CreateDefault().AnalyzeFileAsync("/proc/self/mem"));

        Assert.Equal(RejectionReason.Unreadable, ex.Reason);
        Assert.DoesNotContain("/proc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListFiles_InAFolder_LeavesOutNamedPipesButListsOneNamedExplicitly()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await File.WriteAllTextAsync(Path.Combine(_folder, "good.eml"), Message);
        var pipe = Path.Combine(_folder, "pipe.eml");
        using (var mkfifo = Process.Start("mkfifo", [pipe]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var inFolder = MessageBatch.ListFiles([_folder]);
        var named = MessageBatch.ListFiles([pipe]);

        Assert.Equal([Path.Combine(_folder, "good.eml")], inFolder);
        Assert.Equal([pipe], named);
        Assert.False(MessageBatch.IsRegularFile(pipe));
        Assert.False(MessageBatch.IsMbox(pipe)); // not opened: opening a pipe nobody writes to would block
        Assert.False(MessageBatch.IsRegularFile("/dev/null"));
        Assert.True(MessageBatch.IsRegularFile(Path.Combine(_folder, "good.eml")));
    }

    [Fact]
    public async Task ListFiles_ALinkToAFolder_IsNotFollowedSoALoopListsEachFileOnce()
    {
        var inner = Directory.CreateDirectory(Path.Combine(_folder, "inner")).FullName;
        await File.WriteAllTextAsync(Path.Combine(_folder, "a.eml"), Message);
        await File.WriteAllTextAsync(Path.Combine(inner, "b.eml"), Message);
        Directory.CreateSymbolicLink(Path.Combine(inner, "loop"), "..");
        File.CreateSymbolicLink(Path.Combine(_folder, "c.eml"), Path.Combine(inner, "b.eml"));

        var files = MessageBatch.ListFiles([_folder]);

        Assert.Equal([Path.Combine(_folder, "a.eml"), Path.Combine(_folder, "c.eml"), Path.Combine(inner, "b.eml")], files);
    }

    [Fact]
    public async Task AnalyzeAsync_AnAnalyzerThatFaults_RejectsThatMessageOnly()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "a.eml"), Message);
        await File.WriteAllTextAsync(Path.Combine(_folder, "boom.eml"), Message);

        var results = await AnalyzeAllAsync(MessageBatch.ListFiles([_folder]), new FaultingAnalyzer(EmailAnalyzer.CreateDefault(), "boom.eml"));

        Assert.Equal(2, results.Count);
        Assert.NotNull(Assert.Single(results, r => r.Source.EndsWith("a.eml", StringComparison.Ordinal)).Report);
        var boom = Assert.Single(results, r => r.Source.EndsWith("boom.eml", StringComparison.Ordinal));
        Assert.Equal(RejectionReason.Unreadable, boom.Rejection!.Reason);
        Assert.Contains("InvalidOperationException", boom.Rejection.Message, StringComparison.Ordinal);
    }

    private static async Task<List<BatchResult>> AnalyzeAllAsync(IReadOnlyList<string> files, IEmailAnalyzer? analyzer = null)
    {
        var results = new List<BatchResult>();
        await foreach (var result in MessageBatch.AnalyzeAsync(analyzer ?? EmailAnalyzer.CreateDefault(), files, new BatchOptions { MaxParallelism = 2 }))
        {
            results.Add(result);
        }

        return results;
    }

    /// <summary>Fails on one file as a buggy analyzer would, and analyses the others.</summary>
    private sealed class FaultingAnalyzer(IEmailAnalyzer inner, string failOn) : IEmailAnalyzer
    {
        public Task<AnalysisReport> AnalyzeAsync(Stream message, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default) =>
            inner.AnalyzeAsync(message, envelope, cancellationToken);

        public Task<AnalysisReport> AnalyzeAsync(ReadOnlyMemory<byte> message, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default) =>
            inner.AnalyzeAsync(message, envelope, cancellationToken);

        public Task<AnalysisReport> AnalyzeAsync(System.IO.Pipelines.PipeReader message, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default) =>
            inner.AnalyzeAsync(message, envelope, cancellationToken);

        public Task<AnalysisReport> AnalyzeFileAsync(string path, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default) =>
            path.EndsWith(failOn, StringComparison.Ordinal) ? throw new InvalidOperationException("boom") : inner.AnalyzeFileAsync(path, envelope, cancellationToken);
    }
}
