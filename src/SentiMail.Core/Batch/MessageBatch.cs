using System.IO.Enumeration;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SentiMail.Parsing;

namespace SentiMail.Batch;

/// <summary>
/// Analyses many messages (files, folders and mbox files) with bounded parallelism and bounded memory: at most
/// twice <see cref="BatchOptions.MaxParallelism"/> messages wait in memory, whatever the size of the input.
/// </summary>
public static class MessageBatch
{
    /// <summary>Lists the message files under the given paths: files as given, folders recursively, in name order.
    /// In folders, only regular files are listed: named pipes, sockets and devices are left out (opening or reading them
    /// may never end), and links to folders are not followed (they may loop). A file named explicitly is listed
    /// whatever it is, so that a pipe such as <c>/dev/stdin</c> can be read.</summary>
    /// <param name="paths">Files and folders.</param>
    /// <param name="options">Batch options.</param>
    /// <returns>The file paths.</returns>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a folder.</exception>
    public static IReadOnlyList<string> ListFiles(IEnumerable<string> paths, BatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new BatchOptions();
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(ListFolder(path, options));
            }
            else
            {
                throw new FileNotFoundException($"No file or folder at '{path}'.", path);
            }
        }

        return files;
    }

    /// <summary>Tells whether a path names a regular file (following symbolic links), rather than a named pipe, a
    /// socket or a device, which .NET lists as files too: opening a named pipe blocks until some process writes to it,
    /// and reading a device may never end. Where it cannot tell (on Windows, or when the path does not resolve) it says
    /// <see langword="true"/>, so that opening the file reports the problem.</summary>
    /// <param name="path">The path.</param>
    /// <returns><see langword="false"/> for a named pipe, a socket, a device or a folder.</returns>
    public static bool IsRegularFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FileKinds.IsRegularFile(path);
    }

    /// <summary>Tells whether a file is in mbox format (its first line starts with <c>From </c>). Only a regular file
    /// is read: the first bytes of a pipe would be lost to the message, and a named pipe may block.</summary>
    /// <param name="path">The file path.</param>
    /// <returns><see langword="true"/> for an mbox.</returns>
    public static bool IsMbox(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!FileKinds.IsRegularFile(path))
        {
            return false;
        }

        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[5];
            return stream.ReadAtLeast(head, 5, throwOnEndOfStream: false) == 5 && head.SequenceEqual("From "u8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Analyses every message of the given files (mbox files are split into their messages).</summary>
    /// <param name="analyzer">The engine.</param>
    /// <param name="files">The files, such as those of <see cref="ListFiles"/>.</param>
    /// <param name="options">Batch options.</param>
    /// <param name="cancellationToken">A token to stop the batch.</param>
    /// <returns>One result per message, in completion order.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static async IAsyncEnumerable<BatchResult> AnalyzeAsync(
        IEmailAnalyzer analyzer,
        IEnumerable<string> files,
        BatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(files);
        options ??= new BatchOptions();
        var parallelism = Math.Clamp(options.MaxParallelism, 1, 256);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(parallelism * 2) { SingleWriter = true });
        var results = Channel.CreateBounded<BatchResult>(new BoundedChannelOptions(parallelism * 2) { SingleReader = true });

        var producer = Task.Run(() => ProduceAsync(files, options, work.Writer, cts.Token), cts.Token);
        var workers = Enumerable.Range(0, parallelism)
            .Select(_ => Task.Run(() => ConsumeAsync(analyzer, options.Envelope, work.Reader, results.Writer, cts.Token), cts.Token))
            .ToArray();
        var closer = Task.WhenAll(workers).ContinueWith(t => results.Writer.TryComplete(t.Exception), TaskScheduler.Default);

        try
        {
            await foreach (var result in results.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }

            await producer.ConfigureAwait(false);
            await closer.ConfigureAwait(false);
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await DrainAsync(work.Reader).ConfigureAwait(false);
        }
    }

    private static async Task ProduceAsync(IEnumerable<string> files, BatchOptions options, ChannelWriter<WorkItem> writer, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var file in files)
            {
                if (!IsMbox(file))
                {
                    await writer.WriteAsync(new WorkItem(file, null, null), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var position = 0;
                try
                {
                    var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
                    await using (stream.ConfigureAwait(false))
                    {
                        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
                        await foreach (var message in MboxReader.ReadAsync(reader, options.MaxMessageBytes, cancellationToken).ConfigureAwait(false))
                        {
                            position = message.Index;
                            await writer.WriteAsync(new WorkItem(file, message.Index, message), cancellationToken).ConfigureAwait(false);
                        }

                        await reader.CompleteAsync().ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The rest of this mbox is lost, not the batch: the messages read so far stand, the failure is
                    // reported where the next message would have been, and the other files are still analysed.
                    var error = new MessageRejectedException(RejectionReason.Unreadable, $"Cannot read '{Path.GetFileName(file)}' past message {position}: reading it failed.", ex);
                    await writer.WriteAsync(new WorkItem(file, position + 1, null) { Error = error }, cancellationToken).ConfigureAwait(false);
                }
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
            throw;
        }
    }

    private static async Task ConsumeAsync(IEmailAnalyzer analyzer, Context.MessageEnvelope? envelope, ChannelReader<WorkItem> reader, ChannelWriter<BatchResult> writer, CancellationToken cancellationToken)
    {
        await foreach (var item in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            BatchResult result;
            using (item.Message)
            {
                try
                {
                    var report = item.Error is { } error
                        ? throw error
                        : item.Message is null
                        ? await analyzer.AnalyzeFileAsync(item.Source, envelope, cancellationToken).ConfigureAwait(false)
                        : item.Message.TooLarge
                            ? throw new MessageRejectedException(RejectionReason.TooLarge, $"The message is too large: {item.Message.Size:N0} bytes.")
                            : await analyzer.AnalyzeAsync(item.Message.Data, envelope, cancellationToken).ConfigureAwait(false);
                    result = new BatchResult { Source = item.Source, Position = item.Position, Report = report };
                }
                catch (MessageRejectedException ex)
                {
                    result = new BatchResult { Source = item.Source, Position = item.Position, Rejection = ex };
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Whatever else goes wrong with one message (a read error the loader did not map, a fault of an
                    // analyzer) is that message's result, not the end of the batch.
                    var rejection = new MessageRejectedException(RejectionReason.Unreadable, $"Cannot analyse '{Path.GetFileName(item.Source)}': {Describe(ex)}.", ex);
                    result = new BatchResult { Source = item.Source, Position = item.Position, Rejection = rejection };
                }
            }

            await writer.WriteAsync(result, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DrainAsync(ChannelReader<WorkItem> reader)
    {
        while (reader.TryRead(out var item))
        {
            item.Message?.Dispose();
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static IEnumerable<string> ListFolder(string root, BatchOptions options)
    {
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = options.SkipHiddenFiles ? FileAttributes.Hidden | FileAttributes.System : 0,
        };
        var entries = new FileSystemEnumerable<string>(root, static (ref FileSystemEntry e) => e.ToSpecifiedFullPath(), enumeration)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry e) => !e.IsDirectory,

            // A link to a folder is neither listed nor entered: it may point back up (a loop) or anywhere else.
            ShouldRecursePredicate = static (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        return entries
            .Where(f => !options.SkipHiddenFiles || !IsHidden(root, f))
            .Where(FileKinds.IsRegularFile)
            .Order(StringComparer.Ordinal);
    }

    private static bool IsHidden(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file);
        return relative.Split(Path.DirectorySeparatorChar).Any(p => p.StartsWith('.'));
    }

    private static string Describe(Exception ex) => ex switch
    {
        IOException or UnauthorizedAccessException => "reading it failed",
        _ => "the analysis failed (" + ex.GetType().Name + ")",
    };

    private sealed record WorkItem(string Source, int? Position, MboxMessage? Message)
    {
        /// <summary>Gets why the item could not be read at all, if so.</summary>
        public MessageRejectedException? Error { get; init; }
    }
}
