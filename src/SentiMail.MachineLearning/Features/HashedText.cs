using System.Numerics;
using System.Text;

namespace SentiMail.MachineLearning.Features;

/// <summary>
/// Hashes word, word-pair and character n-grams and other tokens into a fixed-size sparse vector (the hashing trick),
/// each field in its own namespace. A token seen <c>n</c> times counts <c>1 + ln n</c>, and each namespace is
/// L2-normalised on its own, so that a long body does not drown the subject or the headers. Done in SentiMail's code
/// rather than by ML.NET's text featurizer: one pass over text the engine already derived, no dictionary to load, and
/// a few microseconds per message. Not thread-safe: one instance per message, on one thread.
/// </summary>
internal sealed class HashedText
{
    // For each ASCII character: itself lowercased when it belongs to a word, '\0' when it separates words.
    private static readonly char[] s_asciiWordChars = BuildAsciiWordChars();

    // Per-thread scratch, reused from message to message: the count of each slot in the current field, the slots the
    // field touched, the weighted sum of every field per slot and a bitmap of the slots with a sum. Counting in arrays
    // avoids a hash table or a sort per field; the bitmap gives the slots back in order, so the result comes out sorted.
    private readonly Scratch _scratch;
    private uint _space;
    private StringBuilder? _echo;

    public HashedText()
    {
        // Another instance on this thread still holds the shared scratch (not finished): use arrays of our own.
        var shared = Scratch.ForThisThread();
        _scratch = shared.InUse ? new Scratch() : shared;
        _scratch.InUse = true;
    }

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

    /// <summary>Returns the collected entries sorted by slot, entries of the same slot (from different fields) summed,
    /// and resets the scratch for the next message.</summary>
    public (int[] Indices, float[] Values) ToSparse()
    {
        var sums = _scratch.Sums;
        var bits = _scratch.Slots;
        var count = 0;
        foreach (var word in bits)
        {
            count += BitOperations.PopCount(word);
        }

        var indices = new int[count];
        var values = new float[count];
        var n = 0;
        for (var w = 0; w < bits.Length; w++)
        {
            for (var word = bits[w]; word != 0; word &= word - 1)
            {
                var slot = (w << 6) + BitOperations.TrailingZeroCount(word);
                indices[n] = slot;
                values[n] = sums[slot];
                sums[slot] = 0;
                n++;
            }

            bits[w] = 0;
        }

        _scratch.InUse = false;
        return (indices, values);
    }

    private void Add(uint hash)
    {
        var scratch = _scratch;
        var slot = (int)(hash & (SpamModelInput.TextSlots - 1));
        if (scratch.Counts[slot]++ == 0)
        {
            if (scratch.TouchedCount == scratch.Touched.Length)
            {
                Array.Resize(ref scratch.Touched, scratch.Touched.Length * 2);
            }

            scratch.Touched[scratch.TouchedCount++] = slot;
        }
    }

    /// <summary>Adds the current field's slots, weighted and L2-normalised, to the sums, and clears the field.</summary>
    private void Flush()
    {
        var scratch = _scratch;
        var touched = scratch.Touched.AsSpan(0, scratch.TouchedCount);
        double norm = 0;
        foreach (var slot in touched)
        {
            var value = Weight(scratch.Counts[slot]);
            norm += value * value;
        }

        var scale = norm > 0 ? 1 / Math.Sqrt(norm) : 0;
        foreach (var slot in touched)
        {
            scratch.Sums[slot] += (float)(Weight(scratch.Counts[slot]) * scale);
            scratch.Slots[slot >> 6] |= 1UL << (slot & 63);
            scratch.Counts[slot] = 0;
        }

        scratch.TouchedCount = 0;
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

    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? t_current;

        public readonly int[] Counts = new int[SpamModelInput.TextSlots];
        public readonly float[] Sums = new float[SpamModelInput.TextSlots];
        public readonly ulong[] Slots = new ulong[SpamModelInput.TextSlots / 64];
        public int[] Touched = new int[1024];
        public int TouchedCount;
        public bool InUse;

        public static Scratch ForThisThread() => t_current ??= new Scratch();

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
