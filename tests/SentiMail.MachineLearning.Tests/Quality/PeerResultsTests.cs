using SentiMail.MachineLearning.Quality;

namespace SentiMail.MachineLearning.Tests.Quality;

public sealed class PeerResultsTests
{
    private const string ShaA = "006fa3fe287001db9a64160b72f8f928d8bbca82e7f0e5d208d54a0c79b95e09";
    private const string ShaB = "0143f0b0f89427e039fd67771ab8bcac5735945ddec2d7e8189bf376eac9539b";

    [Fact]
    public async Task Read_ParsesEachLineBySha()
    {
        var path = TestPaths.TempFile(".jsonl");
        await File.WriteAllTextAsync(path, string.Join('\n',
            $$"""{"sha256":"{{ShaA}}","path":"spam-2/00697.2d221d167d2814a6a6bc7a74b65bcb0e.txt","spam":true,"score":7.3}""",
            string.Empty,
            $$"""{"sha256":"{{ShaB.ToUpperInvariant()}}","path":"easy-ham-1/01072.81ed44b31e111f9c1e47e53f4dfbefe3.txt","spam":false}""",
            string.Empty));

        var results = PeerResults.Read(path);

        Assert.Equal(2, results.Count);
        Assert.True(results[ShaA].IsSpam);
        Assert.Equal(7.3, results[ShaA].Score);
        Assert.Equal("spam-2/00697.2d221d167d2814a6a6bc7a74b65bcb0e.txt", results[ShaA].Path);
        Assert.False(results[ShaB].IsSpam);
        Assert.Null(results[ShaB].Score);
    }

    [Fact]
    public async Task Read_KeepsAMessageThePeerFailedOn_AsNotMarkedWithTheReason()
    {
        var path = TestPaths.TempFile(".jsonl");
        await File.WriteAllTextAsync(path, string.Join('\n',
            $$"""{"sha256":"{{ShaA}}","path":"spam-1/00001.txt","spam":null,"score":null,"error":"spamc exit 74: timeout"}""",
            $$"""{"sha256":"{{ShaB}}","path":"spam-1/00002.txt","spam":null,"score":null,"error":""}""",
            string.Empty));

        var results = PeerResults.Read(path);

        Assert.False(results[ShaA].IsSpam);
        Assert.Null(results[ShaA].Score);
        Assert.Equal("spamc exit 74: timeout", results[ShaA].Error);
        Assert.Equal("(no reason given)", results[ShaB].Error);
    }

    [Fact]
    public async Task Read_AScoreBeyondTheRangeOfADouble_IsNoScore()
    {
        var path = TestPaths.TempFile(".jsonl");
        await File.WriteAllTextAsync(path, $$"""{"sha256":"{{ShaA}}","spam":true,"score":1e999}""" + "\n");

        var result = PeerResults.Read(path)[ShaA];

        Assert.True(result.IsSpam);
        Assert.Null(result.Score);
        Assert.Null(result.Error);
    }

    [Theory]
    [InlineData("""{"sha256":"006fa3fe287001db9a64160b72f8f928d8bbca82e7f0e5d208d54a0c79b95e09","spam":null}""", "nor a null one with an \"error\"")]
    [InlineData("""{"sha256":"006fa3fe287001db9a64160b72f8f928d8bbca82e7f0e5d208d54a0c79b95e09","error":"no verdict key at all"}""", "boolean \"spam\"")]
    [InlineData("""{"sha256":"006fa3fe287001db9a64160b72f8f928d8bbca82e7f0e5d208d54a0c79b95e09","spam":null,"error":42}""", "boolean \"spam\"")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"sha256":"abc","spam":true}""", "sha256")]
    [InlineData("""{"sha256":"006fa3fe287001db9a64160b72f8f928d8bbca82e7f0e5d208d54a0c79b95e09","spam":"yes"}""", "boolean \"spam\"")]
    public async Task Read_RejectsAMalformedLineWithItsNumber(string line, string reason)
    {
        var path = TestPaths.TempFile(".jsonl");
        await File.WriteAllTextAsync(path, $$"""{"sha256":"{{ShaA}}","spam":true}""" + "\n" + line + "\n");

        var error = Assert.Throws<FormatException>(() => PeerResults.Read(path));

        Assert.Contains(":2:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFolder_NamesPeersAfterTheirFiles()
    {
        var folder = Directory.CreateTempSubdirectory("sentimail-peers-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "rspamd.jsonl"), $$"""{"sha256":"{{ShaA}}","spam":false,"score":1.5}""" + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "spamassassin-local.jsonl"), $$"""{"sha256":"{{ShaA}}","spam":true,"score":5.1}""" + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "ignored");

        var peers = PeerResults.ReadFolder(folder);

        Assert.Equal(["rspamd", "spamassassin-local"], peers.Select(p => p.Key));
        Assert.False(peers[0].Value[ShaA].IsSpam);
        Assert.True(peers[1].Value[ShaA].IsSpam);
        Assert.Empty(PeerResults.ReadFolder(Path.Combine(folder, "missing")));
    }
}
