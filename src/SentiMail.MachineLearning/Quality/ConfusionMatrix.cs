namespace SentiMail.MachineLearning.Quality;

/// <summary>Counts of right and wrong spam/ham decisions, and the rates derived from them.</summary>
public sealed class ConfusionMatrix
{
    /// <summary>Gets the number of spam messages marked spam.</summary>
    public int TruePositives { get; private set; }

    /// <summary>Gets the number of ham messages marked spam.</summary>
    public int FalsePositives { get; private set; }

    /// <summary>Gets the number of ham messages left as ham.</summary>
    public int TrueNegatives { get; private set; }

    /// <summary>Gets the number of spam messages left as ham.</summary>
    public int FalseNegatives { get; private set; }

    /// <summary>Gets the number of messages counted.</summary>
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Gets the number of spam messages counted.</summary>
    public int Spam => TruePositives + FalseNegatives;

    /// <summary>Gets the number of ham messages counted.</summary>
    public int Ham => FalsePositives + TrueNegatives;

    /// <summary>Gets the share of spam marked spam (0 when no spam was counted).</summary>
    public double Recall => Ratio(TruePositives, Spam);

    /// <summary>Gets the share of ham marked spam (0 when no ham was counted).</summary>
    public double FalsePositiveRate => Ratio(FalsePositives, Ham);

    /// <summary>Gets the share of messages marked spam that are spam (0 when none was marked spam).</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Gets the harmonic mean of precision and recall (0 when both are 0).</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Counts one decision.</summary>
    /// <param name="isSpam">Whether the message is spam.</param>
    /// <param name="markedSpam">Whether the filter marked it spam.</param>
    public void Add(bool isSpam, bool markedSpam)
    {
        if (isSpam)
        {
            if (markedSpam)
            {
                TruePositives++;
            }
            else
            {
                FalseNegatives++;
            }
        }
        else if (markedSpam)
        {
            FalsePositives++;
        }
        else
        {
            TrueNegatives++;
        }
    }

    /// <summary>Adds another matrix's counts to this one.</summary>
    /// <param name="other">The counts to add.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    public void Add(ConfusionMatrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        TruePositives += other.TruePositives;
        FalsePositives += other.FalsePositives;
        TrueNegatives += other.TrueNegatives;
        FalseNegatives += other.FalseNegatives;
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
}
