using System.Diagnostics;
using System.Text;
using SentiMail.Context;
using SentiMail.Parsing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Parsing;

/// <summary>uuencode, yEnc and BinHex files in text are decoded as attachments, as Thunderbird and Outlook show them.</summary>
public class EncodedFilesTests
{
    private static readonly byte[] s_exe = TestFiles.WindowsExecutable();
    private static readonly byte[] s_notes = TestFiles.PlainText("Minutes: budget approved, next meeting on Friday.\n");

    public static TheoryData<string> Carriers => ["uuencode-in-text-plain", "uuencode-not-mime", "yenc-not-mime", "binhex-in-text-plain", "binhex-not-mime", "binhex-part", "binhex-transfer-encoding", "uue-transfer-encoding"];

    [Theory]
    [MemberData(nameof(Carriers))]
    public async Task AnalyzeAsync_ExecutableEncodedInText_IsFound(string carrier)
    {
        var report = await TestEngines.Create().AnalyzeAsync(Carry(carrier, "invoice.exe", s_exe));

        Assert.Equal("Malicious", report.Verdict.ToString());
        Assert.Contains(report.Signals, s => s.Id == "attachment.executable" && s.Evidence.Any(e => e.Location == "attachment:invoice.exe"));
        Assert.DoesNotContain(report.Signals, s => s.Id == "mime.partly-inspected");
    }

    [Theory]
    [MemberData(nameof(Carriers))]
    public async Task AnalyzeAsync_HarmlessFileEncodedInText_RaisesNothing(string carrier)
    {
        // The benign twin, and the mailing-list case: a uuencoded patch or text file must not count against a message.
        var report = await TestEngines.Create().AnalyzeAsync(Carry(carrier, "notes.txt", s_notes));

        Assert.Empty(report.Signals.Where(s => s.Category == SentiMail.Signals.SignalCategory.Attachments).Select(s => s.Id + " " + s.Description));
    }

    [Theory]
    [MemberData(nameof(Carriers))]
    public void Build_FileEncodedInText_IsDecodedExactly(string carrier)
    {
        var context = TestEngines.Context(Carry(carrier, "notes.txt", s_notes));

        var decoded = Assert.Single(context.Attachments, a => a.Content.Span.SequenceEqual(s_notes));
        Assert.Equal("notes.txt", decoded.FileName);
        Assert.False(decoded.IsInline);
    }

    [Fact]
    public async Task AnalyzeAsync_ArchiveUuencodedInAMessageThatIsNotMime_IsListed()
    {
        var zip = TestFiles.Zip(("invoice.exe", s_exe));

        var report = await TestEngines.Create().AnalyzeAsync(RawMime.Bytes(RawMime.Headers(mime: false) + "\r\nPlease see the attached file.\r\n\r\n" + TextEncodings.Uuencode("invoice.zip", zip)));

        Assert.Contains(report.Signals, s => s.Id == "attachment.archive-executable");
    }

    [Fact]
    public void Build_TextBodyKeepsItsTextBesideTheDecodedFile()
    {
        var context = TestEngines.Context(Carry("uuencode-in-text-plain", "notes.txt", s_notes));

        Assert.Contains("Please see the attached file.", context.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The mode begin 644 is what the installer sets.\r\n")]
    [InlineData("begin 644 notes.txt\r\nThis line is prose, not uuencode at all.\r\nend\r\n")]
    [InlineData("begin 99 notes.txt\r\nM9&]N)W0@8F4@86QA<FUE9\r\nend\r\n")]
    [InlineData("begin 644\r\n`\r\nend\r\n")]
    [InlineData("=ybegin line=128 size=0 name=empty.bin\r\n=yend size=0\r\n")]
    [InlineData("(This file must be converted with BinHex 4.0)\r\n\r\nThe file was lost, sorry.\r\n:-) see you\r\n")]
    public void Build_TextThatOnlyLooksEncoded_DecodesNothing(string body)
    {
        var context = TestEngines.Context(RawMime.Bytes(RawMime.Headers() + "Content-Type: text/plain\r\n\r\n" + body));

        Assert.Empty(context.Attachments);
        Assert.Empty(context.Uninspected);
    }

    [Fact]
    public void Build_UuencodeWithoutItsEndLine_IsDecodedAsFarAsItGoes()
    {
        var context = TestEngines.Context(RawMime.Bytes(RawMime.Headers() + "Content-Type: text/plain\r\n\r\nHere:\r\n" + TextEncodings.Uuencode("invoice.exe", s_exe, withEnd: false) + "\r\n-- \r\nAlice\r\n"));

        var file = Assert.Single(context.Attachments);
        Assert.Equal(s_exe, file.Content.ToArray());
    }

    [Fact]
    public void Build_BrokenBinHexAfterItsBanner_IsReportedAsUndecodable()
    {
        var context = TestEngines.Context(RawMime.Bytes(RawMime.Headers() + "Content-Type: text/plain\r\n\r\n(This file must be converted with BinHex 4.0)\r\n\r\n:#fPZ~~~ not binhex\r\n"));

        Assert.Empty(context.Attachments);
        Assert.Equal(UninspectedReason.Undecodable, Assert.Single(context.Uninspected).Reason);
    }

    [Fact]
    public void Build_BinHexDeclaringAHugeDataFork_StopsAtTheBudget()
    {
        // A run-length encoded fork of zeros: 2 bytes of input stand for 255 bytes, and the header claims 2 GiB.
        var context = TestEngines.Context(Carry("binhex-part", "zeros.bin", [], declaredLength: int.MaxValue));

        Assert.Equal(UninspectedReason.LimitReached, Assert.Single(context.Uninspected).Reason);
    }

    [Fact]
    public void Decode_RunLengthBomb_StopsAtTheDeclaredLengthQuickly()
    {
        // 0x90 0xFF repeated: each pair adds 254 bytes. The decoder stops at the data fork's declared length.
        var raw = new List<byte> { 4 };
        raw.AddRange("a.gz"u8.ToArray());
        raw.AddRange(new byte[11]);
        raw.AddRange([0, 16, 0, 0, 0, 0, 0, 0, 0, 0]); // data length 1 MiB, resource 0, CRC 0
        raw.Add(0);
        for (var i = 0; i < 400_000; i++)
        {
            raw.AddRange([0x90, 0xFF]);
        }

        var text = Encoding.ASCII.GetBytes(TextEncodings.SixBit(raw, 64));
        var watch = Stopwatch.StartNew();

        var status = BinHex.Decode(text, 0, 1 << 20, out var name, out var data, out _);

        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 5);
        Assert.Equal(BinHex.Status.Decoded, status);
        Assert.Equal("a.gz", name);
        Assert.Equal(1 << 20, data.Length);
    }

    [Fact]
    public void Build_MoreEncodedFilesThanThePartLimit_AreReported()
    {
        var body = string.Concat(Enumerable.Range(0, 50).Select(i => TextEncodings.Uuencode($"f{i}.txt", s_notes)));

        var context = TestEngines.Context(RawMime.Bytes(RawMime.Headers() + "Content-Type: text/plain\r\n\r\n" + body), o => o.Limits.MaxParts = 20);

        Assert.InRange(context.Attachments.Count, 1, 20);
        Assert.Contains(context.Uninspected, u => u.Reason == UninspectedReason.LimitReached);
    }

    [Fact]
    public void Build_EncodedFilesPastTheDecodingBudget_AreReported()
    {
        // Run-length encoding makes 60,000 zeros a few hundred bytes of BinHex: two such files decode to more than the
        // whole (small) message may hold.
        var zeros = new byte[60_000];
        var body = TextEncodings.BinHex("a.bin", zeros) + "\r\n" + TextEncodings.BinHex("b.bin", zeros);

        var context = TestEngines.Context(RawMime.Bytes(RawMime.Headers() + "Content-Type: text/plain\r\n\r\n" + body), o => o.Limits.MaxMessageBytes = 100_000);

        Assert.Single(context.Attachments);
        Assert.Contains(context.Uninspected, u => u.Reason == UninspectedReason.LimitReached);
    }

    [Theory]
    [InlineData("begin 644 a.txt\r\n!\r\n")]
    [InlineData("=ybegin line=128 size=3 name=a\r\n")]
    [InlineData("(This file must be converted with BinHex 4.0)\r\n\r\n:\r\n")]
    public void Scan_ManyBlockStartsWithoutData_IsLinear(string block)
    {
        // 40,000 block starts with little or no data: each decoder resumes where its block ended, so the scan stays
        // linear instead of rescanning the rest of the text for every start.
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(block + "prose\r\n", 40_000)));
        var watch = Stopwatch.StartNew();

        EncodedFiles.Scan(text, 1000, 1 << 20);

        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 5);
    }

    private static byte[] Carry(string carrier, string name, byte[] data, uint? declaredLength = null) => carrier switch
    {
        "uuencode-in-text-plain" => RawMime.Bytes(RawMime.Headers() + "Content-Type: text/plain\r\n\r\nPlease see the attached file.\r\n\r\n" + TextEncodings.Uuencode(name, data)),
        "uuencode-not-mime" => RawMime.Bytes(RawMime.Headers(mime: false) + "\r\nPlease see the attached file.\r\n\r\n" + TextEncodings.Uuencode(name, data)),
        "yenc-not-mime" => RawMime.Bytes(RawMime.Headers(mime: false) + "\r\nSee attached.\r\n\r\n" + TextEncodings.YEnc(name, data)),
        "binhex-in-text-plain" => RawMime.Bytes(RawMime.Headers() + "Content-Type: text/plain\r\n\r\nPlease see the attached file.\r\n\r\n" + TextEncodings.BinHex(name, data)),
        "binhex-not-mime" => RawMime.Bytes(RawMime.Headers(mime: false) + "\r\nPlease see the attached file.\r\n\r\n" + TextEncodings.BinHex(name, data)),
        "binhex-part" => RawMime.Message(RawMime.Part($"Content-Type: application/mac-binhex40; name=\"{name}\"", Encoding.ASCII.GetBytes(TextEncodings.BinHex(name, data, declaredLength: declaredLength)), "7bit")),
        "binhex-transfer-encoding" => RawMime.Message(RawMime.Part($"Content-Type: application/octet-stream; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"", Encoding.ASCII.GetBytes(TextEncodings.BinHex(name, data)), "mac-binhex40")),
        "uue-transfer-encoding" => RawMime.Message(RawMime.Part($"Content-Type: application/octet-stream; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"", Encoding.ASCII.GetBytes(TextEncodings.Uuencode(name, data)), "uue")),
        _ => throw new ArgumentOutOfRangeException(nameof(carrier)),
    };
}
