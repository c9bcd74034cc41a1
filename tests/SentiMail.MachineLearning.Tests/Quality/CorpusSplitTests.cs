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
    public void Make_ListsEveryMessageOnce_SixtyTwentyTwentyPerGroup_TheSameEveryTime()
    {
        var corpus = CopySample();

        var parts = CorpusSplit.Make(corpus);
        var again = CorpusSplit.Make(corpus);

        Assert.Equal(parts.Train, again.Train);
        Assert.Equal(parts.Validation, again.Validation);
        Assert.Equal(parts.Test, again.Test);
        var all = parts.Train.Concat(parts.Validation).Concat(parts.Test).ToList();
        Assert.Equal(SampleFiles().Count(), all.Count);
        Assert.Equal(all.Count, all.Select(e => e.RelativePath).Distinct().Count());
        foreach (var group in all.GroupBy(e => e.Group))
        {
            var n = group.Count();
            Assert.Equal(n * 60 / 100, parts.Train.Count(e => e.Group == group.Key));
            Assert.Equal(n * 20 / 100, parts.Validation.Count(e => e.Group == group.Key));
        }

        // Each entry's checksum is its file's, and each part is sorted as `LC_ALL=C sort` sorts its lines.
        foreach (var e in all)
        {
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(corpus, e.Group, e.FileName)))), e.Sha256);
        }

        Assert.All(new[] { parts.Train, parts.Validation, parts.Test }, part =>
            Assert.Equal(part.Select(Line).Order(StringComparer.Ordinal), part.Select(Line)));
        Assert.Equal(0, parts.Duplicates);
    }

    [Fact]
    public void Make_ThenWrite_ReadsBackTheSameLists()
    {
        var parts = CorpusSplit.Make(CopySample());
        var folder = Path.Combine(Path.GetDirectoryName(TestPaths.TempFile(".txt"))!, "split");

        CorpusSplit.Write(folder, parts);

        Assert.Equal(parts.Train, CorpusSplit.Read(Path.Combine(folder, "train.txt")));
        Assert.Equal(parts.Validation, CorpusSplit.Read(Path.Combine(folder, "validation.txt")));
        Assert.Equal(parts.Test, CorpusSplit.Read(Path.Combine(folder, "test.txt")));
        Assert.DoesNotContain('\r', File.ReadAllText(Path.Combine(folder, "train.txt")));
    }

    [Fact]
    public void Make_ListsACopyOnce_InTheFirstGroup_AndLeavesOutHiddenFiles()
    {
        var corpus = CopySample();
        var first = Directory.GetFiles(Path.Combine(corpus, "easy-ham-1")).Order(StringComparer.Ordinal).First();
        File.Copy(first, Path.Combine(corpus, "spam-2", "copy.txt"));
        File.WriteAllText(Path.Combine(corpus, "spam-1", ".DS_Store"), "finder");

        var parts = CorpusSplit.Make(corpus);

        var all = parts.Train.Concat(parts.Validation).Concat(parts.Test).ToList();
        Assert.Equal(1, parts.Duplicates);
        Assert.DoesNotContain(all, e => e.FileName is "copy.txt" or ".DS_Store");
        Assert.Contains(all, e => e.RelativePath == "easy-ham-1/" + Path.GetFileName(first));
    }

    [Theory]
    [InlineData("Spam Folder", null, "group folder 'Spam Folder' cannot be listed")]
    [InlineData(null, "name with spaces.eml", "file 'spam-1/name with spaces.eml' cannot be listed")]
    [InlineData(null, "../top-level.txt", null)]
    public void Make_RefusesNamesTheListsCannotHold(string? group, string? file, string? message)
    {
        var corpus = CopySample();
        if (group is not null)
        {
            Directory.CreateDirectory(Path.Combine(corpus, group));
        }

        if (file is not null)
        {
            File.WriteAllText(Path.Combine(corpus, "spam-1", file), "x");
        }

        if (message is null)
        {
            // A file at the top of the corpus, outside any group, belongs to no group: it is left out.
            var parts = CorpusSplit.Make(corpus);
            Assert.Equal(SampleFiles().Count(), parts.Train.Count + parts.Validation.Count + parts.Test.Count);
            return;
        }

        var error = Assert.Throws<InvalidDataException>(() => CorpusSplit.Make(corpus));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spam-1")]
    [InlineData("easy-ham-1")]
    public void Make_NeedsSpamAndHam(string only)
    {
        var corpus = Path.GetDirectoryName(TestPaths.TempFile(".txt"))!;
        Directory.CreateDirectory(Path.Combine(corpus, only));
        File.WriteAllText(Path.Combine(corpus, only, "1.txt"), "Subject: x\r\n\r\nbody");

        var error = Assert.Throws<InvalidDataException>(() => CorpusSplit.Make(corpus));

        Assert.Contains("needs a spam group", error.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => CorpusSplit.Make(Path.Combine(corpus, "missing")));
    }

    private static string Line(SplitEntry e) => e.Sha256 + " " + e.RelativePath;

    private static IEnumerable<string> SampleFiles() =>
        Directory.GetDirectories(TestPaths.CorpusSample).SelectMany(Directory.GetFiles);

    /// <summary>A copy of the committed corpus sample's group folders in a temporary folder.</summary>
    private static string CopySample()
    {
        var corpus = Path.Combine(Path.GetDirectoryName(TestPaths.TempFile(".txt"))!, "corpus");
        foreach (var group in Directory.GetDirectories(TestPaths.CorpusSample))
        {
            var target = Directory.CreateDirectory(Path.Combine(corpus, Path.GetFileName(group))).FullName;
            foreach (var file in Directory.GetFiles(group))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        return corpus;
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
