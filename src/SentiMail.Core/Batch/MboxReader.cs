using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using SentiMail.Internal;

namespace SentiMail.Batch;

/// <summary>
/// Splits an mbox stream into messages with System.IO.Pipelines, reading it once, in bounded memory: a message is
/// buffered only up to the size limit (a larger one is reported as too large and skipped), and lines longer than
/// the pipe's segment are handled without buffering the whole line.
/// </summary>
/// <remarks>Messages start at lines beginning with <c>From </c> that follow an empty line (or start the file).
/// <c>&gt;From </c> lines are unescaped (mboxrd).</remarks>
public static class MboxReader
{
    private const int LongLineChunk = 64 * 1024;

    /// <summary>Reads the messages of an mbox.</summary>
    /// <param name="reader">The mbox bytes.</param>
    /// <param name="maxMessageBytes">The largest message buffered; larger ones are reported with <see cref="MboxMessage.TooLarge"/>.</param>
    /// <param name="cancellationToken">A token to stop reading.</param>
    /// <returns>The messages, in order. Each must be disposed by the caller.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    public static async IAsyncEnumerable<MboxMessage> ReadAsync(PipeReader reader, long maxMessageBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var state = new SplitState(maxMessageBytes);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var completed = new List<MboxMessage>();
            while (TryReadLine(ref buffer, result.IsCompleted, out var line, out var endsLine))
            {
#pragma warning disable CA2000 // Ownership passes to the caller, who disposes each message.
                if (state.Accept(line, endsLine) is { } message)
                {
                    completed.Add(message);
                }
#pragma warning restore CA2000
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            foreach (var message in completed)
            {
                yield return message;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
        }

#pragma warning disable CA2000 // Ownership passes to the caller.
        var last = state.Finish();
#pragma warning restore CA2000
        if (last is not null)
        {
            yield return last;
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, bool isCompleted, out ReadOnlySequence<byte> line, out bool endsLine)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is { } position)
        {
            var next = buffer.GetPosition(1, position);
            line = buffer.Slice(0, next);
            buffer = buffer.Slice(next);
            endsLine = true;
            return true;
        }

        if (buffer.Length >= LongLineChunk || (isCompleted && buffer.Length > 0))
        {
            // A very long line (or the last one without a newline): pass it on in pieces instead of buffering it.
            line = buffer;
            buffer = buffer.Slice(buffer.End);
            endsLine = isCompleted;
            return true;
        }

        line = default;
        endsLine = false;
        return false;
    }

    private sealed class SplitState(long maxMessageBytes) : IDisposable
    {
        private PooledBuffer? _current;
        private long _currentSize;
        private long _currentOffset;
        private long _offset;
        private int _index;
        private bool _atLineStart = true;
        private bool _previousLineEmpty = true;
        private bool _started;

        public MboxMessage? Accept(ReadOnlySequence<byte> line, bool endsLine)
        {
            MboxMessage? finished = null;
            var lineStart = _atLineStart;
            _atLineStart = endsLine;
            if (lineStart && _previousLineEmpty && StartsWith(line, "From "u8))
            {
                finished = Finish();
                _started = true;
                _current = new PooledBuffer(16 * 1024);
                _currentSize = 0;
                _currentOffset = _offset;
                _offset += line.Length;
                _previousLineEmpty = false;
                return finished;
            }

            if (!_started)
            {
                // No "From " line at the start: the file is one bare message.
                _started = true;
                _current = new PooledBuffer(16 * 1024);
                _currentOffset = _offset;
            }

            _offset += line.Length;
            if (lineStart)
            {
                _previousLineEmpty = IsEmptyLine(line);
                if (StartsWith(line, ">"u8) && IsEscapedFrom(line))
                {
                    line = line.Slice(1);
                }
            }

            _currentSize += line.Length;
            if (_current is not null)
            {
                if (_currentSize > maxMessageBytes)
                {
                    _current.Dispose();
                    _current = null;
                }
                else
                {
                    foreach (var segment in line)
                    {
                        _current.Write(segment.Span);
                    }
                }
            }

            return finished;
        }

        public void Dispose()
        {
            _current?.Dispose();
            _current = null;
        }

        public MboxMessage? Finish()
        {
            if (!_started)
            {
                return null;
            }

            var message = new MboxMessage(++_index, _currentOffset, _currentSize, _current);
            _current = null;
            _started = false;
            return message;
        }

        private static bool IsEmptyLine(ReadOnlySequence<byte> line) =>
            line.Length == 1 || (line.Length == 2 && line.FirstSpan.Length >= 1 && line.FirstSpan[0] == '\r');

        private static bool StartsWith(ReadOnlySequence<byte> line, ReadOnlySpan<byte> prefix)
        {
            if (line.Length < prefix.Length)
            {
                return false;
            }

            if (line.FirstSpan.Length >= prefix.Length)
            {
                return line.FirstSpan.StartsWith(prefix);
            }

            Span<byte> head = stackalloc byte[prefix.Length];
            line.Slice(0, prefix.Length).CopyTo(head);
            return head.SequenceEqual(prefix);
        }

        private static bool IsEscapedFrom(ReadOnlySequence<byte> line)
        {
            Span<byte> head = stackalloc byte[(int)Math.Min(line.Length, 64)];
            line.Slice(0, head.Length).CopyTo(head);
            var rest = head.TrimStart((byte)'>');
            return rest.StartsWith("From "u8);
        }
    }
}
