using System.Diagnostics;
using System.Text;
using SentiMail.Context;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Parsing;

/// <summary>The files in a TNEF attachment (winmail.dat) are extracted and checked like any attachment.</summary>
public class TnefTests
{
    [Fact]
    public async Task AnalyzeAsync_ExecutableInTnef_IsFoundAndNamedByItsPath()
    {
        var raw = RawMime.Message(RawMime.Attachment("winmail.dat", TestTnef.Build(null, ("invoice.exe", TestFiles.WindowsExecutable())), "application/ms-tnef"));

        var report = await TestEngines.Create().AnalyzeAsync(raw);

        Assert.Equal("Malicious", report.Verdict.ToString());
        var signal = Assert.Single(report.Signals, s => s.Id == "attachment.executable");
        Assert.Equal("attachment:winmail.dat/invoice.exe", Assert.Single(signal.Evidence).Location);
        Assert.Contains(report.Signals, s => s.Id == "attachment.dangerous-extension");
    }

    [Fact]
    public async Task AnalyzeAsync_HarmlessFileInTnef_RaisesNothing()
    {
        var raw = RawMime.Message(RawMime.Attachment("winmail.dat", TestTnef.Build("Hello Bob.", ("minutes.txt", TestFiles.PlainText())), "application/ms-tnef"));

        var report = await TestEngines.Create().AnalyzeAsync(raw);

        Assert.Empty(report.Signals.Where(s => s.Category == SentiMail.Signals.SignalCategory.Attachments).Select(s => s.Id + " " + s.Description));
    }

    [Theory]
    [InlineData("application/vnd.ms-tnef", "winmail.dat")]
    [InlineData("application/octet-stream", "winmail.dat")]
    [InlineData("application/octet-stream", "data.bin")]
    public void Build_TnefByTypeOrSignature_FilesAreExtracted(string contentType, string name)
    {
        var raw = RawMime.Message(RawMime.Attachment(name, TestTnef.Build(null, ("a.txt", TestFiles.PlainText()), ("b.js", TestFiles.PlainText("WScript.Echo(1);\n"))), contentType));

        var context = TestEngines.Context(raw);

        Assert.Equal([name, name + "/a.txt", name + "/b.js"], context.Attachments.Select(a => a.FileName));
        Assert.Equal("WScript.Echo(1);\n", Encoding.ASCII.GetString(context.Attachments[2].Content.Span));
    }

    [Fact]
    public void Build_TnefBody_IsReadAsBodyText()
    {
        // Outlook shows the TNEF body, not the MIME text beside it.
        var raw = RawMime.Message(RawMime.Attachment("winmail.dat", TestTnef.Build("Your mailbox is full, verify your account now."), "application/ms-tnef"));

        var context = TestEngines.Context(raw);

        Assert.Contains("verify your account now", context.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(40)]
    [InlineData(90)]
    public async Task AnalyzeAsync_TruncatedTnef_IsAnalysedWithoutError(int length)
    {
        var tnef = TestTnef.Build("Body.", ("invoice.pdf", TestFiles.Pdf()));

        var report = await TestEngines.Create().AnalyzeAsync(RawMime.Message(RawMime.Attachment("winmail.dat", tnef[..Math.Min(length, tnef.Length)], "application/ms-tnef")));

        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
    }

    [Theory]
    [InlineData(0x7FFFFFF0u)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(1u)]
    public async Task AnalyzeAsync_TnefAttributeLyingAboutItsLength_IsAnalysedWithoutError(uint declared)
    {
        using var tnef = new MemoryStream();
        tnef.Write(TestTnef.Build());
        TestTnef.Attribute(tnef, 2, 0x9002, 6, new byte[14]);
        TestTnef.Attribute(tnef, 2, 0x8010, 1, "a.exe\0"u8.ToArray());
        TestTnef.Attribute(tnef, 2, 0x800F, 6, TestFiles.WindowsExecutable(), declared);

        var report = await TestEngines.Create().AnalyzeAsync(RawMime.Message(RawMime.Attachment("winmail.dat", tnef.ToArray(), "application/ms-tnef")));

        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
    }

    [Fact]
    public async Task AnalyzeAsync_GarbageAfterTheTnefSignature_IsAnalysedWithoutError()
    {
        var garbage = new byte[4096];
        new Random(5).NextBytes(garbage);
        TestTnef.Build()[..6].CopyTo(garbage, 0);

        var report = await TestEngines.Create().AnalyzeAsync(RawMime.Message(RawMime.Attachment("winmail.dat", garbage, "application/ms-tnef")));

        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
    }

    [Fact]
    public void Build_TnefWithMoreFilesThanThePartLimit_StopsAtTheLimitQuickly()
    {
        // 200,000 empty files in about 8 MB: MimeKit is given only as many as the walk still reads.
        using var tnef = new MemoryStream();
        tnef.Write(TestTnef.Build());
        for (var i = 0; i < 200_000; i++)
        {
            TestTnef.File(tnef, "f.txt", []);
        }

        var raw = RawMime.Message(RawMime.Attachment("winmail.dat", tnef.ToArray(), "application/ms-tnef"));
        var watch = Stopwatch.StartNew();

        var context = TestEngines.Context(raw);

        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 10);
        Assert.InRange(context.Attachments.Count, 900, 1000);
        Assert.Contains(context.Uninspected, u => u.Reason == UninspectedReason.LimitReached && u.Location == "attachment:winmail.dat");
    }
}
