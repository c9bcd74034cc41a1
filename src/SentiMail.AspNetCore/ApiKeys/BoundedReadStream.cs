using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>
/// A read-only view of a request body that throws <see cref="BadHttpRequestException"/> with status 413 as soon as
/// more than a given number of bytes arrive, whatever the server enforces (a chunked body has no Content-Length to
/// check up front, and some servers, such as TestServer, ignore <c>IHttpMaxRequestBodySizeFeature</c>). It never asks
/// the inner stream for more than one byte past the limit, so no more than that is read.
/// </summary>
internal sealed class BoundedReadStream : Stream
{
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "The inner stream is the request body, which the server owns and disposes.")]
    private readonly Stream _inner;
    private readonly long _limit;
    private long _read;

    public BoundedReadStream(Stream inner, long limit)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _inner = inner;
        _limit = limit;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer[..Allowed(buffer.Length)]));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken).ConfigureAwait(false));

    public override void Flush()
    {
        // Read-only: nothing to flush.
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>How many bytes the next read may ask for: at most one past the limit, enough to see it is exceeded.</summary>
    private int Allowed(int requested) => (int)Math.Min(requested, _limit - _read + 1);

    private int Count(int read)
    {
        _read += read;
        if (_read > _limit)
        {
            throw new BadHttpRequestException($"The request body is larger than {_limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        return read;
    }
}
