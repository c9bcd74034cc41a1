using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using SentiMail.Internal;

namespace SentiMail.Parsing;

/// <summary>Reads a message from a stream, a pipe or a file into a pooled buffer, refusing to read past the size limit.</summary>
internal static class MessageLoader
{
    private const int ChunkSize = 64 * 1024;

    public static async ValueTask<PooledBuffer> LoadAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        var initial = ChunkSize;
        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining > maxBytes)
            {
                throw TooLarge(remaining, maxBytes);
            }

            initial = (int)Math.Max(remaining + 1, 256);
        }

        var buffer = new PooledBuffer(initial);
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.GetMemory(ChunkSize), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer;
                }

                buffer.Advance(read);
                if (buffer.Length > maxBytes)
                {
                    throw TooLarge(null, maxBytes);
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    public static async ValueTask<PooledBuffer> LoadAsync(PipeReader reader, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new PooledBuffer(ChunkSize);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var data = result.Buffer;
                if (buffer.Length + data.Length > maxBytes)
                {
                    reader.AdvanceTo(data.Start, data.End);
                    throw TooLarge(null, maxBytes);
                }

                foreach (var segment in data)
                {
                    buffer.Write(segment.Span);
                }

                reader.AdvanceTo(data.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return buffer;
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    public static async ValueTask<PooledBuffer> LoadFileAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.SequentialScan, BufferSize = 0 });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // Only the file name: the exception's own message holds the full path, which the caller's users need not see.
            throw new MessageRejectedException(RejectionReason.Unreadable, $"Cannot read '{Path.GetFileName(path)}': {Describe(ex)}.", ex);
        }

        await using (file.ConfigureAwait(false))
        {
            try
            {
                return await LoadAsync(file, maxBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // An error while reading (a bad disk, a lost network share, a file the kernel refuses to read):
                // as unreadable as a file that cannot be opened.
                throw new MessageRejectedException(RejectionReason.Unreadable, $"Cannot read '{Path.GetFileName(path)}': reading it failed (an input/output error).", ex);
            }
        }
    }

    public static PooledBuffer Copy(ReadOnlySpan<byte> data, long maxBytes)
    {
        if (data.Length > maxBytes)
        {
            throw TooLarge(data.Length, maxBytes);
        }

        var buffer = new PooledBuffer(data.Length);
        buffer.Write(data);
        return buffer;
    }

    public static MessageRejectedException TooLarge(long? size, long maxBytes)
    {
        var seen = size is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:N0} bytes") : "more bytes";
        return new MessageRejectedException(
            RejectionReason.TooLarge,
            string.Create(CultureInfo.InvariantCulture, $"The message is too large: {seen}, over the limit of {maxBytes:N0} bytes."));
    }

    private static string Describe(Exception ex) => ex switch
    {
        FileNotFoundException => "the file does not exist",
        DirectoryNotFoundException => "its folder does not exist",
        UnauthorizedAccessException => "access is denied",
        _ => "it cannot be opened",
    };
}
