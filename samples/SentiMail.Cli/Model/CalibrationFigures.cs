namespace SentiMail.Cli.Model;

/// <summary>How well the model's probability matches what the messages are: per tenth of the probability, the mean
/// probability against the share of spam, and the Brier score, log loss and expected calibration error over all.</summary>
internal sealed class CalibrationFigures
{
    /// <summary>The probability a log loss term is clamped to (and one minus it), so that one confident mistake costs
    /// about 13.8 and not infinity.</summary>
    private const double Clamp = 1e-6;

    public required int Messages { get; init; }

    /// <summary>Gets the mean of (probability − label)², label 1 for spam: 0 is perfect, 0.25 is a constant 0.5.</summary>
    public required double Brier { get; init; }

    /// <summary>Gets the mean of −ln(probability given to the right answer).</summary>
    public required double LogLoss { get; init; }

    /// <summary>Gets the mean gap between a tenth's mean probability and its share of spam, weighted by its messages.</summary>
    public required double ExpectedCalibrationError { get; init; }

    public required IReadOnlyList<CalibrationBin> Bins { get; init; }

    /// <summary>Measures the calibration of probabilities against labels.</summary>
    /// <param name="predictions">Each message's probability (0 to 1) and whether it is spam; a probability that is
    /// not a finite number is left out.</param>
    /// <returns>The figures; <see langword="null"/> when there is no prediction.</returns>
    public static CalibrationFigures? Measure(IEnumerable<(double Probability, bool IsSpam)> predictions)
    {
        var n = 0;
        var count = new int[10];
        var sum = new double[10];
        var spam = new int[10];
        double brier = 0, logLoss = 0;
        foreach (var (raw, isSpam) in predictions)
        {
            if (!double.IsFinite(raw))
            {
                continue;
            }

            n++;
            var p = Math.Clamp(raw, 0, 1);
            var label = isSpam ? 1.0 : 0.0;
            brier += (p - label) * (p - label);
            logLoss -= Math.Log(Math.Clamp(isSpam ? p : 1 - p, Clamp, 1 - Clamp));
            var bin = Math.Min(9, (int)(p * 10));
            count[bin]++;
            sum[bin] += p;
            spam[bin] += isSpam ? 1 : 0;
        }

        if (n == 0)
        {
            return null;
        }

        var bins = new List<CalibrationBin>(10);
        double gap = 0;
        for (var b = 0; b < 10; b++)
        {
            var mean = count[b] > 0 ? sum[b] / count[b] : 0;
            var share = count[b] > 0 ? (double)spam[b] / count[b] : 0;
            gap += count[b] * Math.Abs(mean - share);
            bins.Add(new CalibrationBin { From = b / 10.0, To = (b + 1) / 10.0, Messages = count[b], Spam = spam[b], MeanProbability = mean, SpamShare = share });
        }

        return new CalibrationFigures
        {
            Messages = n,
            Brier = brier / n,
            LogLoss = logLoss / n,
            ExpectedCalibrationError = gap / n,
            Bins = bins,
        };
    }
}

/// <summary>The messages whose probability falls in [From, To) (the last tenth includes 1).</summary>
internal sealed class CalibrationBin
{
    public required double From { get; init; }

    public required double To { get; init; }

    public required int Messages { get; init; }

    public required int Spam { get; init; }

    /// <summary>Gets the mean probability of the messages in the tenth (0 when it has none).</summary>
    public required double MeanProbability { get; init; }

    /// <summary>Gets the share of spam among them (0 when it has none).</summary>
    public required double SpamShare { get; init; }
}
