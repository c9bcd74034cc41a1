using System.Buffers;

namespace SentiMail.Internal;

/// <summary>A byte buffer rented from <see cref="ArrayPool{T}.Shared"/> that grows on demand and returns to the pool on dispose.</summary>
internal sealed class PooledBuffer : IDisposable
{
    private byte[] _array;

    public PooledBuffer(int initialCapacity)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    public int Length { get; private set; }

    public byte[] Array => _array;

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    public Span<byte> GetSpan(int sizeHint)
    {
        EnsureCapacity(Length + Math.Max(sizeHint, 1));
        return _array.AsSpan(Length);
    }

    public Memory<byte> GetMemory(int sizeHint)
    {
        EnsureCapacity(Length + Math.Max(sizeHint, 1));
        return _array.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Write(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetSpan(data.Length));
        Length += data.Length;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        Length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _array.Length)
        {
            return;
        }

        var size = (int)Math.Min(Math.Max((long)_array.Length * 2, needed), System.Array.MaxLength);
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _array.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
