using System.Text;
using SentiMail.MachineLearning.Features;
using SentiMail.MachineLearning.Training;

namespace SentiMail.MachineLearning.Tests.Features;

public sealed class MessageTokensTests
{
    private const string Message = """
        From: Deals Team <deals@offers.example>
        To: someone@example.org
        Subject: Cheap watches today
        Message-ID: <123.abc@offers.example>
        Received: from mx.offers.example (mx.offers.example [192.0.2.7]) by mail.example.org with ESMTP id 4F2A
        Content-Type: text/html; charset=utf-8

        <html><body><font color="red">Order cheap watches</font> at <a href="http://shop.offers.example/buy">our shop</a></body></html>
        """;

    [Fact]
    public void Hash_IsFnv1a64()
    {
        // The published FNV-1a 64-bit test vectors for "" and "a" (a character hashes as its UTF-16 code unit).
        Assert.Equal(14695981039346656037UL, MessageTokens.Hash(string.Empty, [], lower: false));
        Assert.Equal(0xaf63dc4c8601ec8cUL, MessageTokens.Hash(string.Empty, "a", lower: false));
        Assert.Equal(MessageTokens.Hash("s:", "free", lower: false), MessageTokens.Hash(string.Empty, "s:FREE", lower: true));
    }

    [Fact]
    public async Task Tokens_HoldHeaderNamesSubjectBodyAndMarkupWordsEachWithItsPrefix()
    {
        var tokens = await TokensAsync(Message);

        Assert.Equal(tokens.Order(), tokens);
        Assert.Equal(tokens.Length, tokens.Distinct().Count());
        Assert.Contains(MessageTokens.Hash("H:", "subject", lower: false), tokens);
        Assert.Contains(MessageTokens.Hash("s:", "cheap", lower: false), tokens);
        Assert.Contains(MessageTokens.Hash(string.Empty, "cheap", lower: false), tokens);
        Assert.Contains(MessageTokens.Hash(string.Empty, "font", lower: false), tokens);
        Assert.Contains(MessageTokens.Hash("from:", "offers.example", lower: false), tokens);
        Assert.Contains(MessageTokens.Hash("r:", "mx.offers.example", lower: false), tokens);
        Assert.Contains(MessageTokens.Hash("r:", "esmtp", lower: false), tokens);

        // Received words with digits (addresses, ids) are left out; short body words too.
        Assert.DoesNotContain(MessageTokens.Hash("r:", "4f2a", lower: false), tokens);
        Assert.DoesNotContain(MessageTokens.Hash(string.Empty, "at", lower: false), tokens);
    }

    [Theory]
    [InlineData("Delivered-To: collector@example.net")]
    [InlineData("Return-Path: <bounce@example.net>")]
    [InlineData("X-Spam-Status: Yes, score=12.0")]
    [InlineData("X-Spam-Flag: YES")]
    [InlineData("X-Keywords: junk")]
    [InlineData("Status: RO")]
    public async Task HeadersAddedByAMailboxOrAnotherFilter_AreIgnored(string header)
    {
        var plain = await TokensAsync(Message);
        var stored = await TokensAsync(header + "\n" + Message);

        Assert.Equal(plain, stored);
    }

    [Fact]
    public async Task LongRunsAreCutAndHugeBodiesAreReadOnlyInPart()
    {
        var run = new string('x', 45);
        var huge = new StringBuilder().Insert(0, "filler ", 4000).Append("needleword").ToString();
        var tokens = await TokensAsync($"Subject: s\nContent-Type: text/plain\n\n{run}\n{huge}\n");

        Assert.Contains(MessageTokens.Hash(string.Empty, new string('x', 20), lower: false), tokens);
        Assert.Contains(MessageTokens.Hash(string.Empty, "xxxxx", lower: false), tokens);
        Assert.Contains(MessageTokens.Hash(string.Empty, "filler", lower: false), tokens);
        Assert.DoesNotContain(MessageTokens.Hash(string.Empty, "needleword", lower: false), tokens);
    }

    [Fact]
    public async Task HostileHeaders_StayBounded()
    {
        // Thousands of header fields: only the first hundred are read.
        var headers = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            headers.Append("X-H").Append(i).Append(": v\n");
        }

        var tokens = await TokensAsync(headers + "Subject: late\n\nbody text\n");

        Assert.Contains(MessageTokens.Hash("H:", "x-h0", lower: false), tokens);
        Assert.DoesNotContain(MessageTokens.Hash("H:", "x-h4999", lower: false), tokens);
        Assert.True(tokens.Length < 200, $"{tokens.Length} tokens");
    }

    [Fact]
    public async Task Describe_NamesEachWantedTokenByWhereItWasFound()
    {
        ulong[] wanted =
        [
            MessageTokens.Hash("H:", "message-id", lower: false),
            MessageTokens.Hash("s:", "cheap", lower: false),
            MessageTokens.Hash(string.Empty, "watches", lower: false),
            MessageTokens.Hash(string.Empty, "font", lower: false),
            MessageTokens.Hash("from:", "offers.example", lower: false),
            MessageTokens.Hash("r:", "esmtp", lower: false),
            MessageTokens.Hash(string.Empty, "absent", lower: false),
        ];

        var found = await ContextProbe.RunAsync(Bytes(Message), (context, _) => MessageTokens.Describe(context, wanted));

        Assert.Equal("header field Message-ID", found[wanted[0]]);
        Assert.Equal("subject \"cheap\"", found[wanted[1]]);
        Assert.Equal("\"watches\"", found[wanted[2]]);
        Assert.Equal("\"font\"", found[wanted[3]]);
        Assert.Equal("From \"offers.example\"", found[wanted[4]]);
        Assert.Equal("Received \"esmtp\"", found[wanted[5]]);
        Assert.False(found.ContainsKey(wanted[6]));
        Assert.Empty(await ContextProbe.RunAsync(Bytes(Message), (context, _) => MessageTokens.Describe(context, [])));
    }

    public static TheoryData<string> Samples() => [.. Directory.GetFiles(TestPaths.Samples, "*.eml").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Describe_FindsEveryTokenCollect_Collects(string sample)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(TestPaths.Samples, sample));

        var (tokens, found) = await ContextProbe.RunAsync(bytes, (context, _) =>
        {
            var collected = MessageTokens.Collect(context);
            return (collected, MessageTokens.Describe(context, collected));
        });

        // The two walk the message alike: every collected token is described, and each hash is its description's.
        Assert.Equal(tokens.Order(), found.Keys.Order());
        Assert.All(found.Values, d => Assert.InRange(d.Length, 3, 120));
    }

    [Fact]
    public async Task Describe_LongRunsShowThePieceThatWasHashed()
    {
        var run = new string('q', 45);

        var found = await ContextProbe.RunAsync(Bytes($"Subject: s\nContent-Type: text/plain\n\n{run}\n"), (context, _) =>
            MessageTokens.Describe(context, [MessageTokens.Hash(string.Empty, new string('q', 20), lower: false), MessageTokens.Hash(string.Empty, "qqqqq", lower: false)]));

        Assert.Equal($"\"{new string('q', 20)}\"", found[MessageTokens.Hash(string.Empty, new string('q', 20), lower: false)]);
        Assert.Equal("\"qqqqq\"", found[MessageTokens.Hash(string.Empty, "qqqqq", lower: false)]);
    }

    private static byte[] Bytes(string message) => Encoding.UTF8.GetBytes(message.ReplaceLineEndings("\r\n"));

    private static async Task<ulong[]> TokensAsync(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ReplaceLineEndings("\r\n"));
        var example = await new SpamFeatureExtractor().ExtractAsync(bytes, "m", "spam-1", isSpam: true);
        Assert.False(example.Rejected);
        return example.Input.Tokens;
    }
}
