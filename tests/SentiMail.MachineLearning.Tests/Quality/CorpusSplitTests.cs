using SentiMail.MachineLearning.Quality;

namespace SentiMail.MachineLearning.Tests.Quality;

public sealed class CorpusSplitTests
{
    [Fact]
    public void CommittedSplit_CoversTheCorpusOnceWithEveryGroupInEachPart()
    {
        var folder = Path.Combine(TestPaths.Root, "benchmarks", "quality", "split");
        var parts = new[] { "train", "validation", "test" }.ToDictionary(p => p, p => CorpusSplit.Read(Path.Combine(folder, p + ".txt")));

        var all = parts.Values.SelectMany(p => p).ToList();
        Assert.Equal(all.Count, all.Select(e => e.Sha256).Distinct().Count());
        Assert.True(all.Count > 6000);
        foreach (var part in parts.Values)
        {
            Assert.Equal([CorpusSplit.EasyHam, CorpusSplit.HardHam, CorpusSplit.Spam], part.Select(e => e.Kind).Distinct().Order());
        }

        Assert.InRange(parts["test"].Count / (double)all.Count, 0.19, 0.21);
    }

    [Fact]
    public async Task Read_RejectsAMalformedLine()
    {
        var path = TestPaths.TempFile(".txt");
        await File.WriteAllTextAsync(path, "0123 spam-1/x.txt\n");

        var error = Assert.Throws<FormatException>(() => CorpusSplit.Read(path));

        Assert.Contains(":1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfusionMatrix_ComputesTheRates()
    {
        var m = new ConfusionMatrix();
        foreach (var (spam, marked, count) in new[] { (true, true, 90), (true, false, 10), (false, true, 5), (false, false, 895) })
        {
            for (var i = 0; i < count; i++)
            {
                m.Add(spam, marked);
            }
        }

        Assert.Equal(0.9, m.Recall, 9);
        Assert.Equal(5 / 900.0, m.FalsePositiveRate, 9);
        Assert.Equal(90 / 95.0, m.Precision, 9);
        Assert.Equal(2 * (90 / 95.0) * 0.9 / ((90 / 95.0) + 0.9), m.F1, 9);
        Assert.Equal(0, new ConfusionMatrix().F1);
    }
}
