using System.Text;

namespace SentiMail.MachineLearning.Features;

/// <summary>
/// Hashes word, word-pair and character n-grams and other tokens into a fixed-size sparse vector (the hashing trick),
/// each field in its own namespace. A token seen <c>n</c> times counts <c>1 + ln n</c>, and each namespace is
/// L2-normalised on its own, so that a long body does not drown the subject or the headers. Done in SentiMail's code
/// rather than by ML.NET's text featurizer: one pass over text the engine already derived, no dictionary to load, and
/// a few microseconds per message. Sorting (the slots of a field, then of the whole vector) replaces hash tables.
/// </summary>
internal sealed class HashedText
{
    // For each ASCII character: itself lowercased when it belongs to a word, '\0' when it separates words.
    private static readonly char[] s_asciiWordChars = BuildAsciiWordChars();

    private int[] _field = new int[512];
    private int _fieldCount;
    private int[] _indices = new int[1024];
    private float[] _values = new float[1024];
    private int _count;
    private uint _space;
    private StringBuilder? _echo;

    public void AddWords(string text, uint space, bool pairs, int maxLength)
    {
        // Words: runs of letters, digits and $ % € !, lowercase, at most 32 characters (longer runs are skipped).
        // Hashed as they are read, with a table for ASCII.
        var span = text.AsSpan(0, Math.Min(text.Length, maxLength));
        var seed = 2166136261u ^ space;
        var hash = seed;
        var length = 0;
        uint previous = 0;
        for (var i = 0; i <= span.Length; i++)
        {
            var c = i < span.Length ? span[i] : ' ';
            var folded = c < 128 ? s_asciiWordChars[c] : char.IsLetterOrDigit(c) || c == '€' ? char.ToLowerInvariant(c) : '\0';
            if (folded != '\0')
            {
                hash = (hash ^ folded) * 16777619u;
                length++;
                continue;
            }

            if (length is > 0 and <= 32)
            {
                var word = hash == 0 ? 1 : hash;
                Add(word);
                if (pairs && previous != 0)
                {
                    Add(Mix(previous, word));
                }

                previous = word;
            }

            hash = seed;
            length = 0;
        }

        Flush();
    }

    public void AddCharacterTrigrams(string text, uint space, int maxLength)
    {
        var length = Math.Min(text.Length, maxLength);
        Span<char> lower = length <= 256 ? stackalloc char[length] : new char[length];
        text.AsSpan(0, length).ToLowerInvariant(lower);
        for (var i = 0; i + 3 <= lower.Length; i++)
        {
            Add(Hash(space, lower.Slice(i, 3)));
        }

        Flush();
    }

    /// <summary>Starts a field of tokens: each <see cref="Token(ReadOnlySpan{char}, ReadOnlySpan{char}, bool)"/> until
    /// <see cref="EndField"/> is hashed in <paramref name="space"/> and, if given, echoed to <paramref name="echo"/>
    /// (space-separated).</summary>
    public void BeginField(uint space, StringBuilder? echo)
    {
        _space = space;
        _echo = echo;
    }

    /// <summary>Adds one token made of a prefix and a value, as if they were one string; lowercased if asked.</summary>
    public void Token(ReadOnlySpan<char> prefix, ReadOnlySpan<char> value, bool lower = false) =>
        Token(prefix, value, [], [], lower);

    /// <summary>Adds one token made of up to four parts, as if they were one string; lowercased if asked.</summary>
    public void Token(ReadOnlySpan<char> a, ReadOnlySpan<char> b, ReadOnlySpan<char> c, ReadOnlySpan<char> d, bool lower = false)
    {
        var hash = 2166136261u ^ _space;
        hash = Continue(hash, a, lower);
        hash = Continue(hash, b, lower);
        hash = Continue(hash, c, lower);
        hash = Continue(hash, d, lower);
        Add(hash == 0 ? 1 : hash);
        if (_echo is { } echo)
        {
            if (echo.Length > 0)
            {
                echo.Append(' ');
            }

            Echo(echo, a, lower);
            Echo(echo, b, lower);
            Echo(echo, c, lower);
            Echo(echo, d, lower);
        }
    }

    /// <summary>Ends the field started by <see cref="BeginField"/>: its tokens are normalised together.</summary>
    public void EndField()
    {
        Flush();
        _echo = null;
    }

    /// <summary>Returns the collected entries sorted by slot, entries of the same slot (from different fields) summed.</summary>
    public (int[] Indices, float[] Values) ToSparse()
    {
        Array.Sort(_indices, _values, 0, _count);
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if (n > 0 && _indices[n - 1] == _indices[i])
            {
                _values[n - 1] += _values[i];
            }
            else
            {
                _indices[n] = _indices[i];
                _values[n] = _values[i];
                n++;
            }
        }

        return (_indices[..n], _values[..n]);
    }

    private void Add(uint hash)
    {
        if (_fieldCount == _field.Length)
        {
            Array.Resize(ref _field, _field.Length * 2);
        }

        _field[_fieldCount++] = (int)(hash & (SpamModelInput.TextSlots - 1));
    }

    /// <summary>Turns the slots of the current field into weighted, L2-normalised entries.</summary>
    private void Flush()
    {
        var slots = _field.AsSpan(0, _fieldCount);
        slots.Sort();
        double norm = 0;
        for (var i = 0; i < slots.Length;)
        {
            var run = 1;
            while (i + run < slots.Length && slots[i + run] == slots[i])
            {
                run++;
            }

            var value = Weight(run);
            norm += value * value;
            i += run;
        }

        if (norm > 0)
        {
            var scale = 1 / Math.Sqrt(norm);
            for (var i = 0; i < slots.Length;)
            {
                var run = 1;
                while (i + run < slots.Length && slots[i + run] == slots[i])
                {
                    run++;
                }

                if (_count == _indices.Length)
                {
                    Array.Resize(ref _indices, _indices.Length * 2);
                    Array.Resize(ref _values, _values.Length * 2);
                }

                _indices[_count] = slots[i];
                _values[_count] = (float)(Weight(run) * scale);
                _count++;
                i += run;
            }
        }

        _fieldCount = 0;
    }

    private static char[] BuildAsciiWordChars()
    {
        var table = new char[128];
        for (var c = (char)0; c < 128; c++)
        {
            table[c] = char.IsLetterOrDigit(c) || c is '$' or '%' or '!' ? char.ToLowerInvariant(c) : '\0';
        }

        return table;
    }

    private static double Weight(int count) => count == 1 ? 1 : 1 + Math.Log(count);

    private static uint Continue(uint hash, ReadOnlySpan<char> text, bool lower)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (lower ? char.ToLowerInvariant(c) : c)) * 16777619u;
        }

        return hash;
    }

    private static void Echo(StringBuilder echo, ReadOnlySpan<char> text, bool lower)
    {
        if (!lower)
        {
            echo.Append(text);
            return;
        }

        foreach (var c in text)
        {
            echo.Append(char.ToLowerInvariant(c));
        }
    }

    private static uint Hash(uint space, ReadOnlySpan<char> text)
    {
        // FNV-1a over the UTF-16 code units, seeded by the field's namespace.
        var hash = 2166136261u ^ space;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash == 0 ? 1 : hash;
    }

    private static uint Mix(uint a, uint b)
    {
        var hash = (a * 31u) ^ (b + 0x9e3779b9u + (a << 6) + (a >> 2));
        return hash == 0 ? 1 : hash;
    }
}
