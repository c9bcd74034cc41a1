using SentiMail.Text;

namespace SentiMail.Signals;

/// <summary>
/// Collects the signals raised while analysing one message. A signal id appears at most once: raising the same
/// id again adds its evidence (up to <see cref="MaxEvidencePerSignal"/> items) and keeps the larger weight.
/// </summary>
/// <remarks>Not thread-safe: the engine makes one collector per message and hands it to its analyzers one after
/// another, never to two at once; an analyzer sees the signals raised by those that ran before it.</remarks>
public sealed class SignalCollector
{
    /// <summary>The most evidence items kept for one signal.</summary>
    public const int MaxEvidencePerSignal = 10;

    /// <summary>The most characters kept of one evidence value.</summary>
    public const int MaxEvidenceLength = 200;

    // Descriptions quote names taken from the message (file names, hosts), so they are sanitised like evidence.
    private const int MaxDescriptionLength = 1000;

    private readonly List<Entry> _entries = [];

    /// <summary>Gets the number of distinct signals collected so far.</summary>
    public int Count => _entries.Count;

    /// <summary>Raises a signal.</summary>
    /// <param name="definition">What kind of signal it is.</param>
    /// <param name="description">One sentence about this message; shortened and sanitised like evidence.</param>
    /// <param name="evidence">What was seen and where; locations and values are shortened and sanitised.</param>
    /// <param name="weight">The weight for this occurrence, when it depends on the message; otherwise the definition's default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> or <paramref name="description"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weight"/> is not a number or is infinite (the engine then
    /// reports the analyzer's failure instead of a score that a NaN would have made 0; large finite weights are fine, the
    /// score is clamped to 0–100).</exception>
    public void Add(SignalDefinition definition, string description, IEnumerable<SignalEvidence>? evidence = null, double? weight = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(description);
        if (weight is { } w && !double.IsFinite(w))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), w, $"The weight of signal '{definition.Id}' must be a finite number.");
        }

        // An occurrence without a weight of its own weighs the default: it may raise one added earlier with less.
        var occurrenceWeight = weight ?? definition.DefaultWeight;
        var entry = Find(definition.Id);
        if (entry is null)
        {
            entry = new Entry(definition, TextSanitizer.ForDisplay(description, MaxDescriptionLength), occurrenceWeight);
            _entries.Add(entry);
        }
        else if (occurrenceWeight > entry.Weight)
        {
            entry.Weight = occurrenceWeight;
        }

        if (evidence is null)
        {
            return;
        }

        foreach (var item in evidence)
        {
            if (entry.Evidence.Count >= MaxEvidencePerSignal)
            {
                entry.Truncated = true;
                break;
            }

            var clean = new SignalEvidence(TextSanitizer.ForDisplay(item.Location, MaxEvidenceLength), TextSanitizer.ForDisplay(item.Value, MaxEvidenceLength));
            if (!entry.Evidence.Contains(clean))
            {
                entry.Evidence.Add(clean);
            }
        }
    }

    /// <summary>Raises a signal with a single piece of evidence.</summary>
    /// <param name="definition">What kind of signal it is.</param>
    /// <param name="description">One sentence about this message.</param>
    /// <param name="location">Where the evidence was seen.</param>
    /// <param name="value">What was seen.</param>
    /// <param name="weight">The weight for this occurrence, when it depends on the message.</param>
    public void Add(SignalDefinition definition, string description, string location, string value, double? weight = null)
        => Add(definition, description, [new SignalEvidence(location, value)], weight);

    /// <summary>Tells whether a signal with this id was raised.</summary>
    /// <param name="id">The signal id.</param>
    /// <returns><see langword="true"/> when it was raised.</returns>
    public bool Contains(string id) => Find(id) is not null;

    /// <summary>Returns the collected signals with their default or occurrence weights.</summary>
    /// <returns>The signals, in the order they were first raised.</returns>
    public IReadOnlyList<Signal> ToSignals()
    {
        var result = new Signal[_entries.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var e = _entries[i];
            var evidence = e.Evidence;
            if (e.Truncated)
            {
                evidence = [.. evidence, new SignalEvidence("engine", "more evidence omitted")];
            }

            result[i] = new Signal(e.Definition.Id, e.Definition.Category, e.Weight, e.Description, evidence);
        }

        return result;
    }

    private Entry? Find(string id)
    {
        foreach (var e in _entries)
        {
            if (string.Equals(e.Definition.Id, id, StringComparison.Ordinal))
            {
                return e;
            }
        }

        return null;
    }

    private sealed class Entry(SignalDefinition definition, string description, double weight)
    {
        public SignalDefinition Definition { get; } = definition;

        public string Description { get; } = description;

        public double Weight { get; set; } = weight;

        public List<SignalEvidence> Evidence { get; } = [];

        public bool Truncated { get; set; }
    }
}
