using SentiMail.MachineLearning.Model;
using SentiMail.MachineLearning.Training;

namespace SentiMail.MachineLearning.Tests.Training;

public sealed class BlendFitTests
{
    [Fact]
    public void SeparableData_GivesFiniteWeightsAndAnOrderedProbability()
    {
        // Both parts separate spam from ham perfectly: an unsmoothed fit would run to infinite weights.
        bool[] labels = [false, false, false, true, true, true];
        float[] trees = [0.1f, 0.2f, 0.3f, 0.7f, 0.8f, 0.9f];
        double[] tokens = [-20, -10, -5, 5, 10, 20];

        var blend = BlendFit.Fit(labels, trees, tokens, tokens: 42);

        Assert.Equal(42, blend.Tokens);
        Assert.True(double.IsFinite(blend.ClassifierWeight) && blend.ClassifierWeight > 0, $"tree weight {blend.ClassifierWeight}");
        Assert.True(double.IsFinite(blend.TokenWeight) && blend.TokenWeight > 0, $"token weight {blend.TokenWeight}");
        var probabilities = labels.Select((_, i) => blend.Probability(trees[i], tokens[i])).ToArray();
        Assert.Equal(probabilities.Order(), probabilities);
        Assert.True(probabilities[0] < 0.5 && probabilities[^1] > 0.5);
    }

    [Fact]
    public void BothPartsCountEquallyAfterScaling()
    {
        // The token score spreads ten times wider than the trees' log-odds: its weight is ten times smaller.
        bool[] labels = [false, true, false, true, false, true, true, false];
        double[] logits = [-1, 1, -0.5, 0.5, 0.2, -0.2, 1.5, -1.5];
        var trees = logits.Select(z => (float)(1 / (1 + Math.Exp(-z)))).ToArray();
        var tokens = logits.Select(z => z * 10).ToArray();

        var blend = BlendFit.Fit(labels, trees, tokens, tokens: 1);

        Assert.Equal(blend.ClassifierWeight / 10, blend.TokenWeight, 3);
    }

    [Fact]
    public void AConstantPart_CarriesNoWeight()
    {
        bool[] labels = [false, true, false, true];
        float[] trees = [0.2f, 0.8f, 0.3f, 0.6f];

        var blend = BlendFit.Fit(labels, trees, [0, 0, 0, 0], tokens: 0);

        Assert.Equal(0, blend.TokenWeight);
        Assert.True(blend.ClassifierWeight > 0);
    }

    [Fact]
    public void MismatchedOrOneClassInput_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => BlendFit.Fit([true, false], [0.5f], [0.0, 1.0], 0));
        Assert.Throws<ArgumentException>(() => BlendFit.Fit([true, true], [0.5f, 0.6f], [0.0, 1.0], 0));
    }

    [Fact]
    public void Logit_IsClampedAtTheEnds()
    {
        Assert.Equal(SpamModelBlend.Logit(1), SpamModelBlend.Logit(1 - 1e-9));
        Assert.True(double.IsFinite(SpamModelBlend.Logit(0)));
    }
}
