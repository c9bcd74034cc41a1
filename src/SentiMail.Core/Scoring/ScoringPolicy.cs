using SentiMail.Signals;

namespace SentiMail.Scoring;

/// <summary>
/// Turns signals into a score and a verdict. The score is the sum of the signals' weights, clamped to 0–100, so that
/// every point is traceable to a signal; the verdict compares the score with two thresholds.
/// </summary>
public sealed class ScoringPolicy
{
    /// <summary>Gets or sets the score from which a message is <see cref="Verdict.Suspicious"/>.</summary>
    /// <value>The default value is 35. Range: 1 to 100, below <see cref="MaliciousThreshold"/>.</value>
    public int SuspiciousThreshold { get; set; } = 35;

    /// <summary>Gets or sets the score from which a message is <see cref="Verdict.Malicious"/>.</summary>
    /// <value>The default value is 65. Range: 1 to 100, above <see cref="SuspiciousThreshold"/>.</value>
    public int MaliciousThreshold { get; set; } = 65;

    /// <summary>Gets weights that replace the analyzers' weights, by signal id (such as <c>link.shortener</c>).</summary>
    public IDictionary<string, double> WeightOverrides { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Gets the ids of signals that are dropped from reports and score.</summary>
    public ISet<string> DisabledSignals { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Returns a signal as this policy counts it: <see langword="null"/> when its id is in
    /// <see cref="DisabledSignals"/>, with the weight from <see cref="WeightOverrides"/> when one is set, else as it is.</summary>
    /// <param name="signal">The signal as an analyzer raised it.</param>
    /// <returns>The signal as counted, or <see langword="null"/> when it does not count.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signal"/> is <see langword="null"/>.</exception>
    public Signal? Apply(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (DisabledSignals.Contains(signal.Id))
        {
            return null;
        }

        return WeightOverrides.TryGetValue(signal.Id, out var weight) ? signal with { Weight = weight } : signal;
    }

    /// <summary>Returns the verdict for a score.</summary>
    /// <param name="score">The score, 0–100.</param>
    /// <returns>The verdict.</returns>
    public Verdict GetVerdict(int score) =>
        score >= MaliciousThreshold ? Verdict.Malicious : score >= SuspiciousThreshold ? Verdict.Suspicious : Verdict.Clean;

    /// <summary>Returns every problem with the current values (empty when valid).</summary>
    /// <returns>One sentence per invalid value.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SuspiciousThreshold is < 1 or > 100)
        {
            errors.Add($"Scoring.{nameof(SuspiciousThreshold)} must be between 1 and 100 (was {SuspiciousThreshold}).");
        }

        if (MaliciousThreshold is < 1 or > 100)
        {
            errors.Add($"Scoring.{nameof(MaliciousThreshold)} must be between 1 and 100 (was {MaliciousThreshold}).");
        }

        if (SuspiciousThreshold >= MaliciousThreshold)
        {
            errors.Add($"Scoring.{nameof(SuspiciousThreshold)} ({SuspiciousThreshold}) must be below {nameof(MaliciousThreshold)} ({MaliciousThreshold}).");
        }

        foreach (var (id, weight) in WeightOverrides)
        {
            if (double.IsNaN(weight) || double.IsInfinity(weight) || weight is < -100 or > 100)
            {
                errors.Add($"Scoring.{nameof(WeightOverrides)}['{id}'] must be between -100 and 100 (was {weight}).");
            }
        }

        return errors;
    }
}
