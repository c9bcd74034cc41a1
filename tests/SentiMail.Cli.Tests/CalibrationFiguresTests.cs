using SentiMail.Cli.Model;

namespace SentiMail.Cli.Tests;

public sealed class CalibrationFiguresTests
{
    [Fact]
    public void Measure_GivesEachTenthItsMessagesAndTheScoresOverAll()
    {
        (double, bool)[] predictions = [(0.05, false), (0.15, false), (0.85, false), (0.95, true), (1.0, true), (double.NaN, true)];

        var figures = CalibrationFigures.Measure(predictions)!;

        Assert.Equal(5, figures.Messages);
        Assert.Equal(10, figures.Bins.Count);
        Assert.Equal([1, 1, 0, 0, 0, 0, 0, 0, 1, 2], figures.Bins.Select(b => b.Messages));
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 2], figures.Bins.Select(b => b.Spam));
        Assert.Equal(0.975, figures.Bins[9].MeanProbability, 12);
        Assert.Equal(1.0, figures.Bins[9].SpamShare);
        Assert.Equal(0.9, figures.Bins[9].From);
        Assert.Equal(1.0, figures.Bins[9].To);
        Assert.Equal((0.0025 + 0.0225 + 0.7225 + 0.0025 + 0) / 5, figures.Brier, 12);
        Assert.Equal((0.05 + 0.15 + 0.85 + (2 * 0.025)) / 5, figures.ExpectedCalibrationError, 12);
        var logLoss = -(Math.Log(0.95) + Math.Log(0.85) + Math.Log(0.15) + Math.Log(0.95) + Math.Log(1 - 1e-6)) / 5;
        Assert.Equal(logLoss, figures.LogLoss, 12);
    }

    [Fact]
    public void Measure_AConfidentMistake_CostsAFiniteLogLoss()
    {
        var figures = CalibrationFigures.Measure([(0.0, true), (1.0, false)])!;

        Assert.Equal(-Math.Log(1e-6), figures.LogLoss, 9);
        Assert.Equal(1.0, figures.Brier);
        Assert.Equal(1.0, figures.ExpectedCalibrationError);
    }

    [Fact]
    public void Measure_WithoutAnyFiniteProbability_IsNull()
    {
        Assert.Null(CalibrationFigures.Measure([]));
        Assert.Null(CalibrationFigures.Measure([(double.NaN, true), (double.PositiveInfinity, false)]));
    }
}
