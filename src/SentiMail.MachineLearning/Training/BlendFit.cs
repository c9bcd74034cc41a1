using SentiMail.MachineLearning.Model;

namespace SentiMail.MachineLearning.Training;

/// <summary>
/// Fits <see cref="SpamModelBlend"/> on labelled messages: divides the classifier's log-odds and the token score by their
/// spread so that they count equally, then fits a logistic curve to their sum (Platt scaling, with Platt's smoothed
/// targets so that separable data gives finite weights).
/// </summary>
internal static class BlendFit
{
    private const int MaxIterations = 100;

    /// <summary>Fits the blend.</summary>
    /// <param name="isSpam">Each message's label.</param>
    /// <param name="treeProbabilities">The classifier's probability of each message.</param>
    /// <param name="tokenScores">The token score of each message.</param>
    /// <param name="tokens">The number of tokens the statistics keep (recorded in the blend).</param>
    /// <returns>The blend.</returns>
    /// <exception cref="ArgumentException">The lists differ in length, or lack spam or ham.</exception>
    public static SpamModelBlend Fit(IReadOnlyList<bool> isSpam, IReadOnlyList<float> treeProbabilities, IReadOnlyList<double> tokenScores, int tokens)
    {
        var n = isSpam.Count;
        if (treeProbabilities.Count != n || tokenScores.Count != n)
        {
            throw new ArgumentException("Each message needs a label, a tree probability and a token score.", nameof(isSpam));
        }

        var spam = isSpam.Count(s => s);
        if (spam == 0 || spam == n)
        {
            throw new ArgumentException("The blend is fitted on spam and ham together.", nameof(isSpam));
        }

        var trees = treeProbabilities.Select(p => SpamModelBlend.Logit(p)).ToArray();
        var treeScale = Scale(trees);
        var tokenScale = Scale(tokenScores);
        var combined = new double[n];
        for (var i = 0; i < n; i++)
        {
            combined[i] = (trees[i] * treeScale) + (tokenScores[i] * tokenScale);
        }

        var (a, b) = Platt(isSpam, combined, spam);
        return new SpamModelBlend { ClassifierWeight = a * treeScale, TokenWeight = a * tokenScale, Bias = b, Tokens = tokens };
    }

    /// <summary>One over the standard deviation; 0 for a constant part (it then carries no weight).</summary>
    private static double Scale(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return variance > 1e-12 ? 1 / Math.Sqrt(variance) : 0;
    }

    /// <summary>Newton's method on the log-loss of <c>1 / (1 + e^−(a·x + b))</c> against Platt's targets, with step
    /// halving so that the loss never rises.</summary>
    private static (double A, double B) Platt(IReadOnlyList<bool> isSpam, double[] x, int spam)
    {
        var ham = x.Length - spam;
        var high = (spam + 1.0) / (spam + 2.0);
        var low = 1.0 / (ham + 2.0);
        double a = 1, b = 0;
        var loss = Loss(isSpam, x, a, b, high, low);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            double gA = 0, gB = 0, hAA = 1e-12, hAB = 0, hBB = 1e-12;
            for (var i = 0; i < x.Length; i++)
            {
                var p = 1 / (1 + Math.Exp(-((a * x[i]) + b)));
                var d = p - (isSpam[i] ? high : low);
                var w = p * (1 - p);
                gA += d * x[i];
                gB += d;
                hAA += w * x[i] * x[i];
                hAB += w * x[i];
                hBB += w;
            }

            var det = (hAA * hBB) - (hAB * hAB);
            if (Math.Abs(gA) + Math.Abs(gB) < 1e-9 || det <= 0)
            {
                break;
            }

            var stepA = ((hBB * gA) - (hAB * gB)) / det;
            var stepB = ((hAA * gB) - (hAB * gA)) / det;
            var scale = 1.0;
            while (scale > 1e-6)
            {
                var next = Loss(isSpam, x, a - (scale * stepA), b - (scale * stepB), high, low);
                if (next <= loss)
                {
                    a -= scale * stepA;
                    b -= scale * stepB;
                    loss = next;
                    break;
                }

                scale /= 2;
            }

            if (scale <= 1e-6)
            {
                break;
            }
        }

        return (a, b);
    }

    private static double Loss(IReadOnlyList<bool> isSpam, double[] x, double a, double b, double high, double low)
    {
        double loss = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var z = (a * x[i]) + b;
            var t = isSpam[i] ? high : low;

            // log(1 + e^z) − t·z, computed without overflow.
            loss += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - (t * z);
        }

        return loss;
    }
}
