namespace SentiMail.Signals;

/// <summary>
/// Describes a kind of signal an analyzer can raise: its stable id, its category, its default weight and what it means.
/// </summary>
/// <remarks>
/// <para>Definitions are declared once by each analyzer (see <see cref="Analyzers.IMessageAnalyzer.Signals"/>);
/// <c>docs/signals.md</c> lists every built-in definition and a test keeps the two in step.</para>
/// </remarks>
public sealed class SignalDefinition
{
    /// <summary>Initializes a new instance of the <see cref="SignalDefinition"/> class.</summary>
    /// <param name="id">The stable id, lowercase, dot-separated, such as <c>link.ip-literal</c>.</param>
    /// <param name="category">The category.</param>
    /// <param name="defaultWeight">The points the signal adds to the score unless the scoring policy says otherwise.</param>
    /// <param name="summary">One sentence saying what the signal means.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="summary"/> is empty, or <paramref name="id"/> is not lowercase dotted.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="defaultWeight"/> is not a number or is infinite.</exception>
    public SignalDefinition(string id, SignalCategory category, double defaultWeight, string summary)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        if (!IsValidId(id))
        {
            throw new ArgumentException($"Signal id '{id}' must be lowercase letters, digits, '-' and '.', with at least one '.'.", nameof(id));
        }

        if (!double.IsFinite(defaultWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(defaultWeight), defaultWeight, $"The default weight of signal '{id}' must be a finite number.");
        }

        Id = id;
        Category = category;
        DefaultWeight = defaultWeight;
        Summary = summary;
    }

    /// <summary>Gets the stable id, such as <c>link.ip-literal</c>.</summary>
    public string Id { get; }

    /// <summary>Gets the category.</summary>
    public SignalCategory Category { get; }

    /// <summary>Gets the points the signal adds to the score unless the scoring policy overrides them.</summary>
    public double DefaultWeight { get; }

    /// <summary>Gets one sentence saying what the signal means.</summary>
    public string Summary { get; }

    /// <inheritdoc />
    public override string ToString() => Id;

    private static bool IsValidId(string id)
    {
        if (!id.Contains('.', StringComparison.Ordinal) || id[0] == '.' || id[^1] == '.')
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
