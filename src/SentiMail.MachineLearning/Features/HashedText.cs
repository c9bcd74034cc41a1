using System.Runtime.InteropServices;

namespace SentiMail.MachineLearning.Features;

/// <summary>
/// Hashes word, word-pair and character n-grams of text into a fixed-size sparse vector (the hashing trick), each text
/// field in its own namespace and L2-normalised on its own. Done in SentiMail's code rather than by ML.NET's text
/// featurizer: one pass over text the engine already derived, no dictionary to load, and a few microseconds per message.
/// </summary>
internal sealed class HashedText
{
    private readonly List<KeyValuePair<int, float>> _entries = new(512);
    private readonly Dictionary<int, float> _block = new(256);

    public void AddWords(string text, uint space, bool pairs, int maxLength)
    {
        var span = text.AsSpan(0, Math.Min(text.Length, maxLength));
        Span<char> word = stackalloc char[32];
        var length = 0;
        uint previous = 0;
        for (var i = 0; i <= span.Length; i++)
        {
            var c = i < span.Length ? span[i] : ' ';
            if (char.IsLetterOrDigit(c) || c is '$' or '%' or '€' or '!')
            {
                if (length < word.Length)
                {
                    word[length] = char.ToLowerInvariant(c);
                }

                length++;
                continue;
            }

            if (length is > 0 and <= 32)
            {
                var hash = Hash(space, word[..length]);
                Add(hash);
                if (pairs && previous != 0)
                {
                    Add(Mix(previous, hash));
                }

                previous = hash;
            }

            length = 0;
        }

        Flush();
    }

    public void AddCharacterTrigrams(string text, uint space, int maxLength)
    {
        var lower = text.Length > maxLength ? text[..maxLength].ToLowerInvariant() : text.ToLowerInvariant();
        var span = lower.AsSpan();
        for (var i = 0; i + 3 <= span.Length; i++)
        {
            Add(Hash(space, span.Slice(i, 3)));
        }

        Flush();
    }

    public void AddTokens(string text, uint space)
    {
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Add(Hash(space, token));
        }

        Flush();
    }

    /// <summary>Writes the collected entries, sorted by index, into the destination arrays; returns the count.</summary>
    public (int[] Indices, float[] Values) ToSparse()
    {
        _entries.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        var indices = new int[_entries.Count];
        var values = new float[_entries.Count];
        var n = 0;
        foreach (var (index, value) in _entries)
        {
            if (n > 0 && indices[n - 1] == index)
            {
                values[n - 1] += value;
            }
            else
            {
                indices[n] = index;
                values[n] = value;
                n++;
            }
        }

        return n == indices.Length ? (indices, values) : (indices[..n], values[..n]);
    }

    private void Add(uint hash)
    {
        var index = (int)(hash & (SpamModelInput.TextSlots - 1));
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_block, index, out _);
        count++;
    }

    private void Flush()
    {
        double norm = 0;
        foreach (var value in _block.Values)
        {
            norm += value * value;
        }

        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            foreach (var (index, value) in _block)
            {
                _entries.Add(new KeyValuePair<int, float>(index, value * scale));
            }
        }

        _block.Clear();
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
