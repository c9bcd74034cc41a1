using System.Text;
using System.Text.Json;

namespace SentiMail.Cli.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("sentimail-cli-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Analyze_CleanFile_PrintsVerdictAndExitsZero()
    {
        var run = await CliRun.InProcessAsync("analyze", RepoPaths.Sample("clean-personal-en.eml"));

        Assert.Equal(ExitCodes.Analysed, run.ExitCode);
        Assert.Contains("Verdict: Clean", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task Analyze_PhishingFile_ShowsSignalsGroupedWithEvidence()
    {
        var run = await CliRun.InProcessAsync("analyze", RepoPaths.Sample("phishing-paypal-en.eml"));

        Assert.Equal(ExitCodes.Analysed, run.ExitCode);
        Assert.Contains("Verdict: Malicious", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Impersonation", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("brand.lookalike-sender-domain", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("header:From: paypal-secure-login.com", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_WithTheEmbeddedModel_AddsItsSignalToTheReport()
    {
        var without = await CliRun.InProcessAsync("analyze", "--json", RepoPaths.Sample("malware-macro-doc-en.eml"));
        var with = await CliRun.InProcessAsync("analyze", "--json", "--model", "embedded", RepoPaths.Sample("malware-macro-doc-en.eml"));

        Assert.Equal(ExitCodes.Analysed, with.ExitCode);
        Assert.DoesNotContain("model.spam", without.Stdout, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(with.Stdout);
        var model = report.RootElement.GetProperty("signals").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "model.spam");
        Assert.Contains(model.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("value").GetString()!.StartsWith("probability ", StringComparison.Ordinal));
        Assert.Equal("Malicious", report.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Analyze_WithAModelFileThatIsMissingOrDamaged_FailsWithTheReasonAndAnalysesNothing()
    {
        var damaged = Path.Combine(_temp, "damaged.zip");
        await File.WriteAllTextAsync(damaged, "not a model");

        var missing = await CliRun.InProcessAsync("analyze", "--model", Path.Combine(_temp, "missing.zip"), RepoPaths.Sample("clean-personal-en.eml"));
        var broken = await CliRun.InProcessAsync("analyze", "--model", damaged, RepoPaths.Sample("clean-personal-en.eml"));

        Assert.Equal(ExitCodes.InputRejected, missing.ExitCode);
        Assert.Contains("missing.zip' cannot be read", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InputRejected, broken.ExitCode);
        Assert.Contains("damaged.zip' is not a valid SentiMail model", broken.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("..", broken.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Verdict", missing.Stdout + broken.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("malicious", "malware-invoice-zip-en.eml", ExitCodes.ThresholdMet)]
    [InlineData("suspicious", "phishing-impots-fr.eml", ExitCodes.ThresholdMet)]
    [InlineData("malicious", "clean-newsletter-en.eml", ExitCodes.Analysed)]
    public async Task Analyze_FailOn_SetsExitCode(string threshold, string sample, int expected)
    {
        var run = await CliRun.InProcessAsync("analyze", RepoPaths.Sample(sample), "--fail-on", threshold);

        Assert.Equal(expected, run.ExitCode);
    }

    [Fact]
    public async Task Analyze_Json_WritesOneReportObject()
    {
        var run = await CliRun.InProcessAsync("analyze", RepoPaths.Sample("phishing-microsoft365-en.eml"), "--json");

        Assert.Equal(ExitCodes.Analysed, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal("1.0", doc.RootElement.GetProperty("schemaVersion").GetString());
        Assert.Equal("Malicious", doc.RootElement.GetProperty("verdict").GetString());
        Assert.Contains(doc.RootElement.GetProperty("signals").EnumerateArray(), s => s.GetProperty("id").GetString() == "link.credential-form");
    }

    [Fact]
    public async Task Analyze_Folder_PrintsOneLinePerMessageAndSummary()
    {
        var run = await CliRun.InProcessAsync("analyze", RepoPaths.Samples);

        Assert.Equal(ExitCodes.Analysed, run.ExitCode);
        var emlCount = Directory.GetFiles(RepoPaths.Samples, "*.eml").Length;
        Assert.Equal(emlCount, run.Stdout.Split('\n').Count(l => l.Contains(".eml", StringComparison.Ordinal)));
        Assert.Contains("Summary", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Malicious", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_FolderJson_WritesJsonLinesNamingTheirSource()
    {
        var run = await CliRun.InProcessAsync("analyze", RepoPaths.Samples, "--json", "--parallel", "2");

        Assert.Equal(ExitCodes.Analysed, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Directory.GetFiles(RepoPaths.Samples, "*.eml").Length, lines.Length);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.EndsWith(".eml", doc.RootElement.GetProperty("source").GetString(), StringComparison.Ordinal);
            Assert.True(doc.RootElement.TryGetProperty("report", out _));
        }
    }

    [Fact]
    public async Task Analyze_Mbox_ReportsEachMessageWithItsPosition()
    {
        var mbox = Path.Combine(_temp, "inbox.mbox");
        var builder = new StringBuilder();
        foreach (var name in new[] { "clean-personal-en.eml", "phishing-paypal-en.eml", "malware-facture-fr.eml" })
        {
            builder.Append("From sender@example.org Mon Nov 23 10:00:00 2026\n");
            builder.Append(File.ReadAllText(RepoPaths.Sample(name)).Replace("\r\n", "\n", StringComparison.Ordinal));
            builder.Append('\n');
        }

        await File.WriteAllTextAsync(mbox, builder.ToString());
        var run = await CliRun.InProcessAsync("analyze", mbox, "--json");

        Assert.Equal(ExitCodes.Analysed, run.ExitCode);
        var positions = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("position").GetInt32(), e => e.GetProperty("report").GetProperty("verdict").GetString());
        Assert.Equal("Clean", positions[1]);
        Assert.Equal("Malicious", positions[2]);
        Assert.Equal("Malicious", positions[3]);
    }

    [Fact]
    public async Task Analyze_NotAnEmail_ExitsThreeWithOneLineReason()
    {
        var file = Path.Combine(_temp, "picture.eml");
        await File.WriteAllBytesAsync(file, [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13]);

        var run = await CliRun.InProcessAsync("analyze", file);

        Assert.Equal(ExitCodes.InputRejected, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("not-an-email", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("analyze")]
    [InlineData("analyze x.eml --fail-on sometimes")]
    [InlineData("analyze x.eml --parallel 0")]
    [InlineData("analyze x.eml --parallel abc")]
    [InlineData("model train --corpus x --output y.zip --iterations abc")]
    [InlineData("model evaluate --parallel 0")]
    [InlineData("analyze x.eml --no-such-option")]
    [InlineData("explode")]
    public async Task Run_BadCommandLine_ExitsTwo(string commandLine)
    {
        var run = await CliRun.InProcessAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
    }

    [Fact]
    public async Task Analyze_MissingPath_ExitsTwoNamingIt()
    {
        var run = await CliRun.InProcessAsync("analyze", Path.Combine(_temp, "nope.eml"));

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("nope.eml", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_HostileFolder_RejectsBadInputsWithoutCrashing()
    {
        var hostile = Directory.CreateDirectory(Path.Combine(_temp, "hostile")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(hostile, "empty.eml"), []);
        await File.WriteAllBytesAsync(Path.Combine(hostile, "random.eml"), RandomBytes(4096, seed: 7));
        await File.WriteAllTextAsync(Path.Combine(hostile, "giant-header.eml"), "Subject: " + new string('A', 2 * 1024 * 1024) + "\r\n\r\nbody");
        await File.WriteAllTextAsync(Path.Combine(hostile, "deep.eml"), DeepMessage(100));
        File.Copy(RepoPaths.Sample("phishing-paypal-en.eml"), Path.Combine(hostile, "good.eml"));

        var run = await CliRun.InProcessAsync("analyze", hostile, "--json");

        Assert.Equal(ExitCodes.InputRejected, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(5, lines.Count);
        var reasons = lines.Where(l => l.TryGetProperty("rejected", out _)).Select(l => l.GetProperty("rejected").GetProperty("reason").GetString()).Order().ToList();
        Assert.Equal(["empty", "header-too-large", "not-an-email"], reasons);

        // Nesting past the depth limit is analysed as far as it was read, and says so.
        var deep = Assert.Single(lines, l => l.GetProperty("source").GetString()!.EndsWith("deep.eml", StringComparison.Ordinal));
        Assert.Contains(deep.GetProperty("report").GetProperty("signals").EnumerateArray(), s => s.GetProperty("id").GetString() == "mime.partly-inspected");
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_RejectedInput_PrintsNoStackTrace()
    {
        var file = Path.Combine(_temp, "binary.eml");
        await File.WriteAllBytesAsync(file, RandomBytes(1000, seed: 3));

        var run = await CliRun.ProcessAsync("analyze", file);

        Assert.Equal(ExitCodes.InputRejected, run.ExitCode);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_Help_DescribesAnalyze()
    {
        var run = await CliRun.ProcessAsync("analyze", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--fail-on", run.Stdout, StringComparison.Ordinal);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0;
        return bytes;
    }

    private static string DeepMessage(int depth)
    {
        var sb = new StringBuilder("From: a@example.org\r\nTo: b@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n");
        for (var i = 0; i < depth; i++)
        {
            sb.Append($"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n");
        }

        sb.Append("Content-Type: text/plain\r\n\r\nhello\r\n");
        for (var i = depth - 1; i >= 0; i--)
        {
            sb.Append($"--b{i}--\r\n");
        }

        return sb.ToString();
    }
}
