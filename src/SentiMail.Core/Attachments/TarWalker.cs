using System.Text;
using SentiMail.Internal;

namespace SentiMail.Attachments;

/// <summary>
/// Walks a tar archive (POSIX ustar, GNU, pax) from a stream, one 512-byte header after another, as tar extracts it:
/// GNU long names (<c>L</c>) and pax <c>path</c> records name the entry that follows. Each step reads forward only, and
/// no size the headers declare is allocated: names are read up to <see cref="MaxNameBytes"/>, entry data only as the
/// caller reads it, and what is left of an entry is skipped (sought past in memory, read and dropped from a
/// decompressing stream, where the caller's budget bounds it).
/// </summary>
internal sealed class TarWalker(Stream stream)
{
    /// <summary>The longest long name or pax header that is read; longer ones are skipped.</summary>
    public const int MaxNameBytes = 64 * 1024;

    private const int Block = 512;

    private long _left;

    private long _size;

    /// <summary>Gets a value indicating whether the walk stopped at a header that is not a tar header (bad checksum,
    /// unreadable size) rather than at the archive's end.</summary>
    public bool Corrupt { get; private set; }

    /// <summary>Tells whether bytes start with a tar header: <c>ustar</c> at offset 257 and a valid checksum.</summary>
    /// <param name="head">The first bytes (at least 512).</param>
    /// <returns><see langword="true"/> for a tar archive.</returns>
    public static bool IsTar(ReadOnlySpan<byte> head) =>
        head.Length >= Block && head.Slice(257, 5).SequenceEqual("ustar"u8) && ChecksumOk(head[..Block]);

    /// <summary>Moves to the next entry, skipping what is left of the current one.</summary>
    /// <returns>The entry, or <see langword="null"/> at the end of the archive.</returns>
    public TarItem? Next()
    {
        if (!Skip(_left))
        {
            return null;
        }

        _left = 0;
        string? longName = null;
        string? paxPath = null;
        var header = new byte[Block];
        while (true)
        {
            if (ReadFull(header) < Block || header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                return null;
            }

            if (!ChecksumOk(header) || Size(header.AsSpan(124, 12)) is not { } size)
            {
                Corrupt = true;
                return null;
            }

            var padded = size + ((Block - (size % Block)) % Block);
            switch ((char)header[156])
            {
                case 'L':
                    longName = Text(ReadData(size, padded)).TrimEnd('\0');
                    continue;
                case 'x':
                    paxPath = PaxPath(Text(ReadData(size, padded))) ?? paxPath;
                    continue;
                case 'g' or 'K':
                    ReadData(0, padded);
                    continue;
            }

            var name = paxPath ?? longName ?? HeaderName(header);
            _left = padded;
            _size = size;
            return new TarItem(name, size, (char)header[156]);
        }
    }

    /// <summary>Opens the current entry's data: it reads from the archive's stream, at most the entry's size, until the
    /// walk moves on.</summary>
    /// <returns>The data.</returns>
    public Stream OpenData() => new EntryStream(this, _size);

    private byte[] ReadData(long size, long padded)
    {
        var wanted = (int)Math.Min(size, MaxNameBytes);
        var data = new byte[wanted];
        var read = ReadFull(data);
        Skip(padded - read);
        return data.AsSpan(0, read).ToArray();
    }

    private static string Text(byte[] data) => Encoding.UTF8.GetString(data);

    /// <summary>Returns the <c>path</c> of a pax header's records (<c>length key=value\n</c>), if any.</summary>
    private static string? PaxPath(string records)
    {
        string? path = null;
        foreach (var record in records.Split('\n'))
        {
            var space = record.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && record.AsSpan(space + 1).StartsWith("path=", StringComparison.Ordinal))
            {
                path = record[(space + 6)..];
            }
        }

        return path;
    }

    private static string HeaderName(byte[] header)
    {
        var name = CString(header.AsSpan(0, 100));

        // POSIX ustar ("ustar\0") keeps a prefix in bytes 345-499; GNU ("ustar  ") keeps other fields there.
        if (header.AsSpan(257, 6).SequenceEqual("ustar\0"u8) && CString(header.AsSpan(345, 155)) is { Length: > 0 } prefix)
        {
            name = prefix + "/" + name;
        }

        return name;
    }

    private static string CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    /// <summary>Reads a size field: octal digits (blank space and NULs around them), or base-256 when its first byte
    /// has its high bit set (GNU, for sizes of 8 GiB and more).</summary>
    private static long? Size(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            long value = field[0] & 0x7F;
            foreach (var b in field[1..])
            {
                if (value > (long.MaxValue >> 9))
                {
                    return long.MaxValue / 2;
                }

                value = (value << 8) | b;
            }

            return value;
        }

        var text = field.Trim((ReadOnlySpan<byte>)[0, (byte)' ']);
        long size = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'7')
            {
                return null;
            }

            size = (size * 8) + (b - '0');
        }

        return size;
    }

    private static bool ChecksumOk(ReadOnlySpan<byte> header)
    {
        var stored = Size(header.Slice(148, 8));
        long sum = 0;
        for (var i = 0; i < Block; i++)
        {
            sum += i is >= 148 and < 156 ? ' ' : header[i];
        }

        return stored == sum;
    }

    private int ReadFull(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>Skips bytes: seeks in a seekable stream, reads and drops them from another.</summary>
    /// <returns><see langword="false"/> when the stream ended first.</returns>
    private bool Skip(long count)
    {
        if (count <= 0)
        {
            return true;
        }

        if (stream.CanSeek)
        {
            var target = stream.Position + count;
            if (target > stream.Length)
            {
                stream.Position = stream.Length;
                return false;
            }

            stream.Position = target;
            return true;
        }

        var buffer = new byte[Math.Min(count, 81920)];
        while (count > 0)
        {
            var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (n == 0)
            {
                return false;
            }

            count -= n;
        }

        return true;
    }

    /// <summary>An entry's data: reads from the archive's stream, at most the entry's size.</summary>
    private sealed class EntryStream(TarWalker walker, long size) : ReadOnlyForwardStream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var wanted = (int)Math.Min(count, size - _read);
            if (wanted <= 0)
            {
                return 0;
            }

            var n = walker.ReadEntry(buffer.AsSpan(offset, wanted));
            _read += n;
            return n;
        }
    }

    private int ReadEntry(Span<byte> buffer)
    {
        var n = stream.Read(buffer);
        _left -= n;
        return n;
    }
}

/// <summary>An entry of a tar archive.</summary>
/// <param name="Name">The entry's name (a long name or pax path when there is one).</param>
/// <param name="Size">The size its header declares.</param>
/// <param name="Type">The type flag: <c>0</c> or NUL for a file, <c>5</c> for a folder, <c>1</c> and <c>2</c> for links...</param>
internal sealed record TarItem(string Name, long Size, char Type)
{
    /// <summary>Gets a value indicating whether the entry is a file with data of its own.</summary>
    public bool IsFile => Type is '0' or '\0' or '7' or 'S';
}
