using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SentiMail.MachineLearning.Quality;

namespace SentiMail.Cli.Tests;

/// <summary>
/// The peer comparison of <c>docs/quality.md</c>, end to end: <c>benchmarks/peers/run-spamassassin.sh</c> and
/// <c>run-rspamd.sh</c> scan the test part of a split of the committed corpus sample with the real SpamAssassin and
/// Rspamd (installed by <c>eng/test.sh</c> through <c>benchmarks/peers/install-peers.sh</c>; a missing peer fails these
/// tests), and <c>sentimail model evaluate</c> reads what they wrote.
/// </summary>
public sealed class PeerScriptsTests(PeerRunFixture run) : IClassFixture<PeerRunFixture>
{
    private static readonly string[] s_peers = ["rspamd", "spamassassin-bayes", "spamassassin-local"];

    [Fact]
    public void EachPeer_GivesOneVerdictPerTestMessage()
    {
        var expected = run.Test.OrderBy(e => e.RelativePath, StringComparer.Ordinal).ToList();
        foreach (var peer in s_peers)
        {
            var rows = run.Rows(peer);
            Assert.Equal(expected.Select(e => (e.Sha256, e.RelativePath)), rows.Select(r => (r.GetProperty("sha256").GetString()!, r.GetProperty("path").GetString()!)));
            Assert.All(rows, r => Assert.False(r.TryGetProperty("error", out _), peer + ": " + r));
            Assert.All(rows, r => Assert.Contains(r.GetProperty("spam").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False }));
            Assert.All(rows, r => Assert.Equal(JsonValueKind.Number, r.GetProperty("score").ValueKind));
        }
    }

    [Fact]
    public void TheVerdicts_FollowEachPeersOwnRule_AndCatchSpam()
    {
        // SpamAssassin: spam when the score reaches required_score 5.0; Rspamd: by the action it chose.
        foreach (var peer in new[] { "spamassassin-bayes", "spamassassin-local" })
        {
            Assert.All(run.Rows(peer), r => Assert.Equal(r.GetProperty("score").GetDouble() >= 5.0, r.GetProperty("spam").GetBoolean()));
        }

        string[] spamActions = ["reject", "add header", "rewrite subject"];
        Assert.All(run.Rows("rspamd"), r => Assert.Equal(spamActions.Contains(r.GetProperty("action").GetString()), r.GetProperty("spam").GetBoolean()));

        // Real filters at work: each marks some of the sample's spam.
        var spam = run.Test.Where(e => e.IsSpam).Select(e => e.Sha256).ToHashSet(StringComparer.Ordinal);
        foreach (var peer in s_peers)
        {
            Assert.Contains(run.Rows(peer), r => spam.Contains(r.GetProperty("sha256").GetString()!) && r.GetProperty("spam").GetBoolean());
        }
    }

    [Fact]
    public void SpamAssassinsBayes_LearnsFromTheTrainPartOnly()
    {
        var train = CorpusSplit.Read(Path.Combine(run.Split, "train.txt"));

        Assert.Equal(train.Count(e => e.IsSpam), BayesCount("nspam"));
        Assert.Equal(train.Count(e => !e.IsSpam), BayesCount("nham"));

        int BayesCount(string name) =>
            int.Parse(Regex.Match(run.SpamAssassin.Stderr, $@"bayes {name} = (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ModelEvaluate_ComparesThePeersOnTheSameMessages()
    {
        var json = Path.Combine(run.Work, "quality-" + Guid.NewGuid().ToString("N") + ".json");

        var evaluate = await CliRun.InProcessAsync("model", "evaluate", "--corpus", run.Corpus, "--split", run.Split, "--peers", run.Peers,
            "--samples", Directory.CreateDirectory(Path.Combine(run.Work, "no-samples")).FullName, "--json", json);

        Assert.True(evaluate.ExitCode == 0, evaluate.Stderr + evaluate.Stdout);
        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var filters = figures.RootElement.GetProperty("filters").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        foreach (var peer in s_peers)
        {
            var rows = run.Rows(peer);
            var all = filters[peer].GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "all").GetProperty("matrix");
            var spam = run.Test.Where(e => e.IsSpam).Select(e => e.Sha256).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(run.Test.Count, filters[peer].GetProperty("covered").GetInt32());
            Assert.Equal(0, filters[peer].GetProperty("failures").GetInt32());
            Assert.Equal(rows.Count(r => r.GetProperty("spam").GetBoolean() && spam.Contains(r.GetProperty("sha256").GetString()!)), all.GetProperty("truePositives").GetInt32());
            Assert.Equal(rows.Count(r => r.GetProperty("spam").GetBoolean() && !spam.Contains(r.GetProperty("sha256").GetString()!)), all.GetProperty("falsePositives").GetInt32());
        }
    }

    [Fact]
    public async Task AMessageMissingFromTheCorpus_IsKeptAsAnError_AndAnotherCorpusNeverOverwritesTheCommittedResults()
    {
        // A split of the sample whose test part, written with CRLF line ends and a blank line, also names a message
        // that is not there.
        var split = Directory.CreateDirectory(Path.Combine(run.Work, "split-missing")).FullName;
        const string Missing = "spam-1/00000.0123456789abcdef0123456789abcdef.txt";
        var missingSha = new string('a', 64);
        string[] lines = [.. File.ReadAllLines(Path.Combine(run.Split, "test.txt")), string.Empty, $"{missingSha} {Missing}"];
        await File.WriteAllTextAsync(Path.Combine(split, "test.txt"), string.Join("\r\n", lines) + "\r\n");
        var committed = Path.Combine(RepoPaths.Root, "benchmarks", "quality", "peers", "spamassassin-local.jsonl");
        var before = await File.ReadAllBytesAsync(committed);

        // No --out: the default for the test part of another corpus is artifacts/peers/test, not the committed folder.
        // Results a developer left there are put back afterwards.
        var written = Path.Combine(RepoPaths.Root, "artifacts", "peers", "test", "spamassassin-local.jsonl");
        var earlier = File.Exists(written) ? await File.ReadAllBytesAsync(written) : null;
        CliRun scan;
        IReadOnlyDictionary<string, PeerResult> results;
        try
        {
            scan = await PeerRunFixture.ScriptAsync("run-spamassassin.sh", "--corpus", run.Corpus, "--split", split, "--config", "local");
            results = File.Exists(written) ? PeerResults.Read(written) : new Dictionary<string, PeerResult>();
        }
        finally
        {
            if (earlier is not null)
            {
                await File.WriteAllBytesAsync(written, earlier);
            }
            else
            {
                File.Delete(written);
            }
        }

        // Written, with exit status 3 to say that a message failed.
        Assert.True(scan.ExitCode == 3, scan.Stderr + scan.Stdout);
        Assert.Contains("spamd failed on 1 of the messages scanned", scan.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(committed));
        Assert.Contains("wrote " + written, scan.Stderr, StringComparison.Ordinal);
        Assert.Equal(run.Test.Count + 1, results.Count);
        Assert.Equal("cannot read the message file", results[missingSha].Error);
        Assert.False(results[missingSha].IsSpam);
        Assert.Matches(@"all spam\s+\d+\s+\d+\s+[\d.]+%\s+1\n", scan.Stdout);
        Assert.All(results.Values.Where(r => r.Sha256 != missingSha), r => Assert.Null(r.Error));
    }

    [Fact]
    public async Task ARunThatFailsOnEveryMessage_WritesNothing()
    {
        var list = Path.Combine(run.Work, "only-missing.txt");
        await File.WriteAllTextAsync(list, new string('b', 64) + " spam-1/gone.txt\n" + new string('c', 64) + " easy-ham-1/gone.txt\n");
        var output = Path.Combine(run.Work, "only-missing");

        var scan = await PeerRunFixture.ScriptAsync("run-spamassassin.sh", "--corpus", run.Corpus, "--list", list, "--config", "local", "--out", output);

        Assert.Equal(1, scan.ExitCode);
        Assert.Contains("spamassassin-local failed on every message (2); its results are not written. First error: cannot read the message file", scan.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(output));
    }

    [Theory]
    [InlineData("spam-1/a\"b.txt")]
    [InlineData("spam-1/a b.txt")]
    [InlineData("spam-1/a\\b.txt")]
    [InlineData("../spam-1/a.txt")]
    public async Task AListLineOutsideTheSplitFormat_IsRefused_SoThatNoPathCanBreakTheJson(string path)
    {
        var list = Path.Combine(run.Work, "bad-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(list, run.Test[0].Sha256 + " " + run.Test[0].RelativePath + "\n" + new string('d', 64) + " " + path + "\n");

        var scan = await PeerRunFixture.ScriptAsync("run-rspamd.sh", "--corpus", run.Corpus, "--list", list, "--out", Path.Combine(run.Work, "unused"));

        Assert.Equal(2, scan.ExitCode);
        Assert.Contains("not a '<sha256> <group>/<file>' line (as sentimail model split writes them) in the list of part 'list': " + new string('d', 64) + " " + path, scan.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run-spamassassin.sh", "--corpus", "/nonexistent/corpus", 2, "--corpus: no folder '/nonexistent/corpus'")]
    [InlineData("run-rspamd.sh", "--split", "/nonexistent/split", 2, "--split: no list '/nonexistent/split/test.txt'")]
    [InlineData("run-rspamd.sh", "--jobs", "0", 2, "--jobs must be a positive integer")]
    public async Task ABadOption_IsRefusedBeforeAnyServerStarts(string script, string option, string value, int exitCode, string message)
    {
        var scan = await PeerRunFixture.ScriptAsync(script, option, value, "--out", Path.Combine(run.Work, "unused"));

        Assert.Equal(exitCode, scan.ExitCode);
        Assert.Contains(message, scan.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpamAssassinsBayes_RefusesATrainPartOfAnotherCorpus()
    {
        // The sample's folder with the SpamAssassin corpus's own split: its train messages are not in the sample.
        var scan = await PeerRunFixture.ScriptAsync("run-spamassassin.sh", "--corpus", run.Corpus, "--config", "bayes", "--out", Path.Combine(run.Work, "unused"));

        Assert.Equal(1, scan.ExitCode);
        Assert.Contains("are not in " + run.Corpus + " (--corpus and --split must match)", scan.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>Splits a copy of the corpus sample and runs both peer scripts on its test part once for the class.</summary>
public sealed class PeerRunFixture : IAsyncLifetime
{
    private readonly Dictionary<string, IReadOnlyList<JsonElement>> _rows = new(StringComparer.Ordinal);

    public string Work { get; } = Directory.CreateTempSubdirectory("sentimail-peer-scripts-").FullName;

    public string Corpus => Path.Combine(Work, "corpus");

    public string Split => Path.Combine(Work, "split");

    public string Peers => Path.Combine(Work, "peers");

    public IReadOnlyList<SplitEntry> Test { get; private set; } = [];

    internal CliRun SpamAssassin { get; private set; } = new(-1, string.Empty, string.Empty);

    public IReadOnlyList<JsonElement> Rows(string peer) => _rows[peer];

    /// <summary>Runs a script of <c>benchmarks/peers</c> with bash.</summary>
    internal static Task<CliRun> ScriptAsync(string script, params string[] args) =>
        CliRun.ExternalAsync("bash", [Path.Combine(RepoPaths.Root, "benchmarks", "peers", script), .. args], TimeSpan.FromMinutes(5));

    public async Task InitializeAsync()
    {
        var sample = Path.Combine(RepoPaths.Root, "tests", "SentiMail.MachineLearning.Tests", "TestData", "corpus-sample");
        foreach (var group in Directory.EnumerateDirectories(sample))
        {
            var target = Directory.CreateDirectory(Path.Combine(Corpus, Path.GetFileName(group))).FullName;
            foreach (var file in Directory.EnumerateFiles(group))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        var split = await CliRun.InProcessAsync("model", "split", "--corpus", Corpus, "--output", Split);
        Assert.True(split.ExitCode == 0, split.Stderr + split.Stdout);
        Test = CorpusSplit.Read(Path.Combine(Split, "test.txt"));

        SpamAssassin = await ScriptAsync("run-spamassassin.sh", "--corpus", Corpus, "--split", Split, "--out", Peers, "--jobs", "2");
        Assert.True(SpamAssassin.ExitCode == 0, SpamAssassin.Stderr + SpamAssassin.Stdout);
        var rspamd = await ScriptAsync("run-rspamd.sh", "--corpus", Corpus, "--split", Split, "--out", Peers, "--jobs", "2");
        Assert.True(rspamd.ExitCode == 0, rspamd.Stderr + rspamd.Stdout);

        foreach (var file in Directory.EnumerateFiles(Peers, "*.jsonl"))
        {
            _rows[Path.GetFileNameWithoutExtension(file)] = [.. File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Work, recursive: true);
        return Task.CompletedTask;
    }
}
