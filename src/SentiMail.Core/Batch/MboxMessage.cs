namespace SentiMail.Batch;

/// <summary>One message read from an mbox. Dispose it to return its buffer to the pool.</summary>
public sealed class MboxMessage : IDisposable
{
    private Internal.PooledBuffer? _buffer;

    internal MboxMessage(int index, long offset, long size, Internal.PooledBuffer? buffer)
    {
        Index = index;
        Offset = offset;
        Size = size;
        _buffer = buffer;
        TooLarge = buffer is null;
    }

    /// <summary>Gets the 1-based position of the message in the mbox.</summary>
    public int Index { get; }

    /// <summary>Gets the byte offset of the message's <c>From </c> line in the mbox.</summary>
    public long Offset { get; }

    /// <summary>Gets the size of the message in bytes (without its <c>From </c> line).</summary>
    public long Size { get; }

    /// <summary>Gets a value indicating whether the message was larger than the limit and was not kept.</summary>
    public bool TooLarge { get; }

    /// <summary>Gets the message's bytes (empty when <see cref="TooLarge"/>).</summary>
    public ReadOnlyMemory<byte> Data => _buffer?.Memory ?? ReadOnlyMemory<byte>.Empty;

    /// <inheritdoc />
    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
    }
}
