namespace SentiMail.Text;

/// <summary>
/// Finds many phrases at once in folded text (see <see cref="TextFolding"/>) with an Aho–Corasick automaton compiled
/// to a dense transition table: one array read per character, whatever the number of phrases.
/// </summary>
public sealed class PhraseMatcher
{
    private const int AlphabetSize = 38;

    private readonly int[] _next;
    private readonly int[] _outputStart;
    private readonly int[] _outputs;

    /// <summary>Initializes a new instance of the <see cref="PhraseMatcher"/> class.</summary>
    /// <param name="phrases">The phrases, in any case and with accents; each is folded and matched as whole words.</param>
    /// <exception cref="ArgumentNullException"><paramref name="phrases"/> is <see langword="null"/>.</exception>
    public PhraseMatcher(IReadOnlyList<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        PhraseCount = phrases.Count;

        // Build the trie.
        var children = new List<int[]> { NewRow() };
        var terminal = new List<List<int>?> { null };
        for (var p = 0; p < phrases.Count; p++)
        {
            var folded = TextFolding.Fold(phrases[p]);
            if (folded.Trim().Length == 0)
            {
                continue;
            }

            var state = 0;
            foreach (var c in folded)
            {
                var symbol = Symbol(c);
                var row = children[state];
                if (row[symbol] < 0)
                {
                    row[symbol] = children.Count;
                    children.Add(NewRow());
                    terminal.Add(null);
                }

                state = row[symbol];
            }

            terminal[state] ??= [];
            terminal[state]!.Add(p);
        }

        // Breadth-first: failure links, then a full transition table with outputs merged along failure links.
        var count = children.Count;
        _next = new int[count * AlphabetSize];
        var fail = new int[count];
        var outputs = new List<int>[count];
        outputs[0] = terminal[0] ?? [];
        var queue = new Queue<int>();
        for (var s = 0; s < AlphabetSize; s++)
        {
            var child = children[0][s];
            if (child < 0)
            {
                _next[s] = 0;
            }
            else
            {
                _next[s] = child;
                fail[child] = 0;
                queue.Enqueue(child);
            }
        }

        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            outputs[state] = [.. terminal[state] ?? [], .. outputs[fail[state]]];
            for (var s = 0; s < AlphabetSize; s++)
            {
                var child = children[state][s];
                if (child < 0)
                {
                    _next[(state * AlphabetSize) + s] = _next[(fail[state] * AlphabetSize) + s];
                }
                else
                {
                    _next[(state * AlphabetSize) + s] = child;
                    fail[child] = _next[(fail[state] * AlphabetSize) + s];
                    queue.Enqueue(child);
                }
            }
        }

        _outputStart = new int[count + 1];
        var flat = new List<int>();
        for (var s = 0; s < count; s++)
        {
            _outputStart[s] = flat.Count;
            flat.AddRange(outputs[s]);
        }

        _outputStart[count] = flat.Count;
        _outputs = [.. flat];
    }

    /// <summary>Gets the number of phrases the matcher was built with.</summary>
    public int PhraseCount { get; }

    /// <summary>Counts how often each phrase occurs in folded text.</summary>
    /// <param name="foldedText">Text produced by <see cref="TextFolding.Fold(ReadOnlySpan{char}, int)"/>.</param>
    /// <param name="counts">One counter per phrase, indexed like the phrases given to the constructor; incremented.</param>
    /// <returns>The total number of matches.</returns>
    /// <exception cref="ArgumentException"><paramref name="counts"/> is shorter than <see cref="PhraseCount"/>.</exception>
    public int Count(ReadOnlySpan<char> foldedText, Span<int> counts)
    {
        if (counts.Length < PhraseCount)
        {
            throw new ArgumentException($"The counts span must hold at least {PhraseCount} items.", nameof(counts));
        }

        var next = _next;
        var starts = _outputStart;
        var total = 0;
        var state = 0;
        foreach (var c in foldedText)
        {
            state = next[(state * AlphabetSize) + Symbol(c)];
            var from = starts[state];
            var to = starts[state + 1];
            for (var i = from; i < to; i++)
            {
                counts[_outputs[i]]++;
                total++;
            }
        }

        return total;
    }

    /// <summary>Tells whether any phrase occurs in folded text.</summary>
    /// <param name="foldedText">Folded text.</param>
    /// <returns>The index of the first phrase found, or -1.</returns>
    public int FindFirst(ReadOnlySpan<char> foldedText)
    {
        var state = 0;
        foreach (var c in foldedText)
        {
            state = _next[(state * AlphabetSize) + Symbol(c)];
            if (_outputStart[state] != _outputStart[state + 1])
            {
                return _outputs[_outputStart[state]];
            }
        }

        return -1;
    }

    private static int[] NewRow()
    {
        var row = new int[AlphabetSize];
        Array.Fill(row, -1);
        return row;
    }

    private static int Symbol(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a' + 1,
        >= '0' and <= '9' => c - '0' + 27,
        ' ' => 0,
        _ => 37,
    };
}
