using System.Text;
using SentiMail.Parsing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Parsing;

/// <summary>Hostile and malformed input: every case is either analysed or rejected with a typed reason.</summary>
public class MessageParserTests
{
    public static TheoryData<string, byte[]> KnownFormats => new()
    {
        { "png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Encoding.ASCII.GetBytes("From: a@example.com\r\n\r\n")] },
        { "pdf", TestFiles.Pdf() },
        { "zip", TestFiles.Zip(("message.eml", TestMessages.Text("Hello."))) },
        { "elf", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, .. Encoding.ASCII.GetBytes("Subject: x\r\n\r\n")] },
        { "pe", [.. TestFiles.WindowsExecutable()] },
        { "gzip", [0x1F, 0x8B, 8, 0, .. Encoding.ASCII.GetBytes("Subject: x\r\n\r\n")] },
        { "ole", TestFiles.OleDocument("WordDocument") },
    };

    [Fact]
    public async Task AnalyzeAsync_EmptyInput_RejectedAsEmpty()
    {
        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => TestEngines.Create().AnalyzeAsync(ReadOnlyMemory<byte>.Empty));

        Assert.Equal(RejectionReason.Empty, ex.Reason);
        Assert.Equal("empty", ex.ReasonCode);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\r\n\r\n")]
    [InlineData(" \t \n \r\n ")]
    public async Task AnalyzeAsync_WhitespaceOnly_RejectedAsEmpty(string input)
    {
        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => TestEngines.Create().AnalyzeAsync(Encoding.ASCII.GetBytes(input)));

        Assert.Equal(RejectionReason.Empty, ex.Reason);
    }

    [Theory]
    [MemberData(nameof(KnownFormats))]
    public async Task AnalyzeAsync_KnownFileFormat_RejectedAsNotAnEmail(string format, byte[] content)
    {
        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => TestEngines.Create().AnalyzeAsync(content));

        Assert.Equal(RejectionReason.NotAnEmail, ex.Reason);
        Assert.StartsWith("The input is not an email", ex.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(format));
    }

    [Fact]
    public async Task AnalyzeAsync_NulInHeaderBlock_IsAnalysed()
    {
        // MimeKit reads the fields around a NUL byte and clients show the message: rejecting it gave no verdict.
        var raw = RawMime.Bytes(RawMime.Headers().Replace("Subject: ", "X-Tag: a\0b\r\nSubject: ", StringComparison.Ordinal)
            + RawMime.Mixed("b1", RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable())));

        var report = await TestEngines.Create().AnalyzeAsync(raw);

        Assert.Equal("Notes from Monday's meeting", report.Message.Subject);
        Assert.Contains(report.Signals, s => s.Id == "attachment.executable");
    }

    [Theory]
    [InlineData("GIF89a: 1")]
    [InlineData("%PDF-1.7: x")]
    [InlineData("MZ: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("Rar! : 1")]
    [InlineData("PK: 1")]
    public async Task AnalyzeAsync_FirstHeaderFieldStartsWithMagicBytes_IsAnalysedAsAnEmail(string firstLine)
    {
        // The first line reads as a header field, as MimeKit and mail clients read it: it is not a file's signature.
        var raw = RawMime.Bytes(firstLine + "\r\n" + RawMime.Headers() + RawMime.Mixed("b1", RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable())));

        var report = await TestEngines.Create().AnalyzeAsync(raw);

        Assert.Equal("Notes from Monday's meeting", report.Message.Subject);
        Assert.Contains(report.Signals, s => s.Id == "attachment.executable");
    }

    [Theory]
    [InlineData("GIF89a\u0001\u0000\u0001\u0000: 1")]
    [InlineData("%PDF-1.7\r\n%\u00e2\u00e3\u00cf\u00d3\r\nFrom: a@example.com")]
    public async Task AnalyzeAsync_FileSignatureNotFollowedByAFieldColon_RejectedAsNotAnEmail(string start)
    {
        // The benign twin of the above: a real file's signature is followed by binary data or a line break, not by a
        // colon after field-name characters.
        var raw = RawMime.Bytes(start + "\r\nSubject: x\r\n\r\nbody\r\n");

        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => TestEngines.Create().AnalyzeAsync(raw));

        Assert.Equal(RejectionReason.NotAnEmail, ex.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AnalyzeAsync_RandomBinaryWithNul_RejectedAsNotAnEmail(int seed)
    {
        var random = new Random(seed);
        var raw = new byte[4096];
        random.NextBytes(raw);
        raw[0] = (byte)'X';
        raw[1] = 0;

        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => TestEngines.Create().AnalyzeAsync(raw));

        Assert.Equal(RejectionReason.NotAnEmail, ex.Reason);
    }

    [Theory]
    [InlineData("Hello Bob,\r\nthis is only a letter, with no header at all.\r\n")]
    [InlineData("Just one line without a colon")]
    [InlineData("X-Custom: value\r\nX-Other: value\r\n\r\nA body under unknown fields only.\r\n")]
    public async Task AnalyzeAsync_TextWithoutMessageHeaders_RejectedAsNotAnEmail(string input)
    {
        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => TestEngines.Create().AnalyzeAsync(Encoding.ASCII.GetBytes(input)));

        Assert.Equal(RejectionReason.NotAnEmail, ex.Reason);
    }

    [Fact]
    public async Task AnalyzeAsync_MboxFromLineBeforeHeaders_IsAnalysed()
    {
        var raw = Encoding.ASCII.GetBytes("From alice@example.com Mon Nov  2 09:14:00 2026\r\n").Concat(TestMessages.Text("Hello.")).ToArray();

        var report = await TestEngines.Create().AnalyzeAsync(raw);

        Assert.Equal("Notes from Monday's meeting", report.Message.Subject);
    }

    [Fact]
    public async Task AnalyzeAsync_HeaderBlockOverLimit_RejectedAsHeaderTooLarge()
    {
        var headers = HeaderBlock.Standard().Add("X-Padding", new string('a', 3000));
        var raw = TestMessages.Build(headers, "Hello.");

        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => TestEngines.Create(o => o.Limits.MaxHeaderBytes = 2048).AnalyzeAsync(raw));

        Assert.Equal(RejectionReason.HeaderTooLarge, ex.Reason);
        Assert.Equal("header-too-large", ex.ReasonCode);
        Assert.Contains("2,048", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_HeaderBlockWithoutEndOverLimit_RejectedAsHeaderTooLarge()
    {
        // No blank line at all: the whole input counts as the header block.
        var raw = Encoding.ASCII.GetBytes("Subject: hello\r\n" + string.Concat(Enumerable.Repeat("X-Line: 0123456789012345678901234567890123456789\r\n", 100)));

        var ex = await Assert.ThrowsAsync<MessageRejectedException>(() => TestEngines.Create(o => o.Limits.MaxHeaderBytes = 1024).AnalyzeAsync(raw));

        Assert.Equal(RejectionReason.HeaderTooLarge, ex.Reason);
    }

    [Fact]
    public async Task AnalyzeAsync_HeaderBlockAtLimit_IsAnalysed()
    {
        var raw = TestMessages.Build(HeaderBlock.Standard(), "Hello.");
        var headerLength = Encoding.ASCII.GetString(raw).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 2;

        var report = await TestEngines.Create(o => o.Limits.MaxHeaderBytes = Math.Max(1024, headerLength)).AnalyzeAsync(raw);

        Assert.NotNull(report);
    }

    [Fact]
    public async Task AnalyzeAsync_NestingDeeperThanLimit_IsAnalysedAndReported()
    {
        var raw = MimeBombs.NestedMultiparts(10);

        var report = await TestEngines.Create(o => o.Limits.MaxMimeDepth = 5).AnalyzeAsync(raw);

        Assert.Equal("Deep message", report.Message.Subject);
        Assert.Contains(report.Signals, s => s.Id == "mime.partly-inspected");
    }

    [Fact]
    public async Task AnalyzeAsync_HundredNestedMultipartsWithDefaultLimits_IsAnalysedAndReported()
    {
        var report = await TestEngines.Create().AnalyzeAsync(MimeBombs.NestedMultiparts(100));

        Assert.Contains(report.Signals, s => s.Id == "mime.partly-inspected");
    }

    [Fact]
    public async Task AnalyzeAsync_NestedAttachedMessagesDeeperThanLimit_IsAnalysedAndReported()
    {
        var report = await TestEngines.Create(o => o.Limits.MaxMimeDepth = 4).AnalyzeAsync(MimeBombs.NestedMessages(8));

        Assert.Contains(report.Signals, s => s.Id == "mime.partly-inspected");
    }

    [Fact]
    public async Task AnalyzeAsync_NestingAtLimit_IsAnalysed()
    {
        // NestedMultiparts(n) puts the text leaf at depth n.
        var report = await TestEngines.Create(o => o.Limits.MaxMimeDepth = 5).AnalyzeAsync(MimeBombs.NestedMultiparts(5));

        Assert.Equal("Deep message", report.Message.Subject);
        Assert.DoesNotContain(report.Signals, s => s.Id == "mime.partly-inspected");
    }

    [Fact]
    public async Task AnalyzeAsync_MorePartsThanLimit_IsAnalysedAndReported()
    {
        var report = await TestEngines.Create(o => o.Limits.MaxParts = 10).AnalyzeAsync(MimeBombs.ManyParts(20));

        Assert.Equal("Many parts", report.Message.Subject);
        var signal = Assert.Single(report.Signals, s => s.Id == "mime.partly-inspected");
        Assert.Contains("10 the engine reads", signal.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_PartsAtLimit_IsAnalysed()
    {
        // ManyParts(n) holds n leaves and their multipart: n + 1 entities.
        var report = await TestEngines.Create(o => o.Limits.MaxParts = 21).AnalyzeAsync(MimeBombs.ManyParts(20));

        Assert.Equal("Many parts", report.Message.Subject);
        Assert.DoesNotContain(report.Signals, s => s.Id == "mime.partly-inspected");
    }

    [Fact]
    public async Task AnalyzeFileAsync_StackOverflowMessage_ParsesOrIsRejectedCleanly()
    {
        var path = TestPaths.MimeMessage("mime-mimekit/stack-overflow.txt");

        try
        {
            var report = await TestEngines.Create().AnalyzeFileAsync(path);
            Assert.NotNull(report.Message.To);
            Assert.DoesNotContain(report.Signals, s => s.Id == "analyzer.error");
        }
        catch (MessageRejectedException ex)
        {
            Assert.True(Enum.IsDefined(ex.Reason));
        }
    }

    [Fact]
    public async Task AnalyzeFileAsync_StackOverflowMessage_DecodesTheBody()
    {
        var context = TestEngines.Context(await File.ReadAllBytesAsync(TestPaths.MimeMessage("mime-mimekit/stack-overflow.txt")));

        Assert.Equal("Message Body", context.TextBody.Trim());
        Assert.True((context.Message.Headers[MimeKit.HeaderId.To]?.Length ?? 0) > 50_000);
    }
}
