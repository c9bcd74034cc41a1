using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SentiMail.Cli.Tests;

/// <summary>Inputs that are not plain message files: unreadable files, named pipes, link loops, standard input,
/// hostile file names, short IP addresses. Nothing may crash, hang, or print what it was not asked to.</summary>
public sealed class HostileInputTests : IDisposable
{
    private const string FromFirst = "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: Lunch\r\nDate: Mon, 2 Jun 2025 10:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\nSee you at noon.\r\n";

    private readonly string _temp = Directory.CreateTempSubdirectory("sentimail-cli-hostile-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Analyze_FolderWithAFileThatFailsToRead_AnalysesTheOthersAndRejectsItAsUnreadable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /proc/self/mem (reading offset 0 fails with EIO) stands in for a bad disk; Linux only.
        }

        var folder = Directory.CreateDirectory(Path.Combine(_temp, "eio")).FullName;
        File.Copy(RepoPaths.Sample("clean-personal-en.eml"), Path.Combine(folder, "good.eml"));
        File.CreateSymbolicLink(Path.Combine(folder, "bad.eml"), "/proc/self/mem");

        var run = await CliRun.InProcessAsync("analyze", folder, "--json");

        Assert.Equal(ExitCodes.InputRejected, run.ExitCode);
        var lines = JsonLines(run.Stdout);
        Assert.Equal(2, lines.Count);
        Assert.True(lines.Single(l => l.GetProperty("source").GetString()!.EndsWith("good.eml", StringComparison.Ordinal)).TryGetProperty("report", out _));
        var bad = lines.Single(l => l.GetProperty("source").GetString()!.EndsWith("bad.eml", StringComparison.Ordinal));
        Assert.Equal("unreadable", bad.GetProperty("rejected").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Process_AFileThatFailsToRead_IsRejectedWithoutAStackTrace()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var run = await CliRun.ProcessAsync("analyze", "/proc/self/mem");

        Assert.Equal(ExitCodes.InputRejected, run.ExitCode);
        Assert.Equal("sentimail: /proc/self/mem: rejected (unreadable): Cannot read 'mem': reading it failed (an input/output error).", run.Stderr.Trim());
    }

    [Fact]
    public async Task Analyze_FolderWithANamedPipe_SkipsItInsteadOfHanging()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var folder = Directory.CreateDirectory(Path.Combine(_temp, "fifo")).FullName;
        File.Copy(RepoPaths.Sample("clean-personal-en.eml"), Path.Combine(folder, "good.eml"));
        await MakeFifoAsync(Path.Combine(folder, "pipe.eml"));
        var onlyPipe = Directory.CreateDirectory(Path.Combine(_temp, "only-fifo")).FullName;
        await MakeFifoAsync(Path.Combine(onlyPipe, "pipe.eml"));

        var run = await CliRun.InProcessAsync("analyze", folder, "--json");
        var empty = await CliRun.InProcessAsync("analyze", onlyPipe);

        Assert.Equal(ExitCodes.Analysed, run.ExitCode);
        var line = Assert.Single(JsonLines(run.Stdout));
        Assert.EndsWith("good.eml", line.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InputRejected, empty.ExitCode);
        Assert.Contains("no message found", empty.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Split_OfACorpusWithANamedPipe_IsRefusedNamingIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var corpus = Path.Combine(_temp, "corpus");
        Directory.CreateDirectory(Path.Combine(corpus, "spam-1"));
        Directory.CreateDirectory(Path.Combine(corpus, "easy-ham-1"));
        File.Copy(RepoPaths.Sample("phishing-paypal-en.eml"), Path.Combine(corpus, "spam-1", "a.eml"));
        File.Copy(RepoPaths.Sample("clean-personal-en.eml"), Path.Combine(corpus, "easy-ham-1", "b.eml"));
        await MakeFifoAsync(Path.Combine(corpus, "easy-ham-1", "pipe"));

        var run = await CliRun.InProcessAsync("model", "split", "--corpus", corpus, "--output", Path.Combine(_temp, "split"));

        Assert.Equal(ExitCodes.InputRejected, run.ExitCode);
        Assert.Contains("easy-ham-1/pipe' is not a regular file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_FolderWithALinkLoop_AnalysesEachMessageOnce()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_temp, "loop")).FullName;
        var inner = Directory.CreateDirectory(Path.Combine(folder, "inner")).FullName;
        File.Copy(RepoPaths.Sample("clean-personal-en.eml"), Path.Combine(folder, "a.eml"));
        File.Copy(RepoPaths.Sample("phishing-paypal-en.eml"), Path.Combine(inner, "b.eml"));
        File.CreateSymbolicLink(Path.Combine(inner, "loop"), "../");
        File.CreateSymbolicLink(Path.Combine(folder, "linked.eml"), RepoPaths.Sample("clean-newsletter-en.eml"));

        var run = await CliRun.InProcessAsync("analyze", folder, "--json");

        Assert.Equal(ExitCodes.Analysed, run.ExitCode);
        var sources = JsonLines(run.Stdout).Select(l => Path.GetRelativePath(folder, l.GetProperty("source").GetString()!)).Order(StringComparer.Ordinal);
        Assert.Equal(["a.eml", Path.Combine("inner", "b.eml"), "linked.eml"], sources);
    }

    [Fact]
    public async Task Analyze_Dash_ReadsOneMessageFromStandardInput()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(FromFirst));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["analyze", "-", "--json"], () => input, stdout, stderr, stdoutRedirected: true, stderrRedirected: true, CancellationToken.None);

        Assert.True(code == ExitCodes.Analysed, stderr.ToString());
        using var report = JsonDocument.Parse(stdout.ToString());
        Assert.Equal("Lunch", report.RootElement.GetProperty("message").GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Analyze_DashWithOtherInputs_IsAUsageError()
    {
        var run = await CliRun.InProcessAsync("analyze", "-", RepoPaths.Sample("clean-personal-en.eml"));

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("'-'", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("/dev/stdin")]
    public async Task Process_AMessagePipedIn_IsAnalysedWhole(string input)
    {
        if (input != "-" && !OperatingSystem.IsLinux())
        {
            return;
        }

        var run = await CliRun.ProcessWithInputAsync(Encoding.UTF8.GetBytes(FromFirst), "analyze", input);

        Assert.True(run.ExitCode == ExitCodes.Analysed, run.Stderr);
        Assert.Contains("Subject: Lunch", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("From:    alice@example.org", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_HostileFileNames_AreEscapedInTheTextOutput()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows forbids control characters in file names.
        }

        var folder = Directory.CreateDirectory(Path.Combine(_temp, "names")).FullName;
        File.Copy(RepoPaths.Sample("clean-personal-en.eml"), Path.Combine(folder, "clear\u001b[2Jscreen.eml"));
        File.Copy(RepoPaths.Sample("clean-personal-en.eml"), Path.Combine(folder, "fake\nMalicious   100  row\u202Elme.eml"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "bell\u0007\u009b.eml"), [0, 1, 2]);

        var batch = await CliRun.InProcessAsync("analyze", folder);
        var single = await CliRun.InProcessAsync("analyze", Path.Combine(folder, "clear\u001b[2Jscreen.eml"));
        var rejected = await CliRun.InProcessAsync("analyze", Path.Combine(folder, "bell\u0007\u009b.eml"));

        var output = batch.Stdout + single.Stdout + rejected.Stderr;
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
        Assert.DoesNotContain('\u009b', output);
        Assert.DoesNotContain('\u202E', output);
        Assert.Contains("clear\\u{001B}[2Jscreen.eml", batch.Stdout, StringComparison.Ordinal);
        Assert.Contains("fake\\u{000A}Malicious   100  row\\u{202E}lme.eml", batch.Stdout, StringComparison.Ordinal);
        Assert.Contains("bell\\u{0007}\\u{009B}.eml", rejected.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(batch.Stdout.Split('\n'), l => l.StartsWith("Malicious", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--dns", "8.8.8")]
    [InlineData("--dns", "8.8.8:53")]
    [InlineData("--dns", "10")]
    [InlineData("--client-ip", "10")]
    [InlineData("--client-ip", "8.8.8")]
    [InlineData("--client-ip", "010.0.0.1")]
    [InlineData("--client-ip", "0x7f.1")]
    public async Task Analyze_AnAddressNotWrittenInFull_IsAUsageError(string option, string value)
    {
        var run = await CliRun.InProcessAsync("analyze", option, value, RepoPaths.Sample("clean-personal-en.eml"));

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains($"{option} {value}: not an IP address", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--client-ip", "192.0.2.1")]
    [InlineData("--client-ip", "2001:db8::1")]
    public async Task Analyze_AFullAddress_IsAccepted(string option, string value)
    {
        var run = await CliRun.InProcessAsync("analyze", option, value, RepoPaths.Sample("clean-personal-en.eml"));

        Assert.True(run.ExitCode == ExitCodes.Analysed, run.Stderr);
    }

    [Fact]
    public async Task Analyze_EmptyFolder_WarnsAndExitsThree()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_temp, "empty")).FullName;

        var run = await CliRun.InProcessAsync("analyze", folder, "--fail-on", "malicious");

        Assert.Equal(ExitCodes.InputRejected, run.ExitCode);
        Assert.Contains($"sentimail: no message found in '{folder}'", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model train --corpus x --output y.zip --iterations abc", "Run 'sentimail model train --help' for usage.")]
    [InlineData("model evaluate --parallel 0", "Run 'sentimail model evaluate --help' for usage.")]
    [InlineData("analyze x.eml --parallel 0", "Run 'sentimail analyze --help' for usage.")]
    [InlineData("explode", "Run 'sentimail --help' for usage.")]
    public async Task Run_BadCommandLine_NamesTheCommandToAskHelpFor(string commandLine, string hint)
    {
        var run = await CliRun.InProcessAsync(commandLine.Split(' '));

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains(hint, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_CtrlCWhileReadingANamedPipe_StopsTheCommand()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // A named pipe given explicitly is read; the test opens it for writing and writes nothing, so the read waits
        // until Ctrl+C (SIGINT).
        var pipe = Path.Combine(_temp, "slow.eml");
        await MakeFifoAsync(pipe);
        using var process = Process.Start(CliRun.SentiMailStartInfo("analyze", pipe)) ?? throw new InvalidOperationException("Cannot start sentimail.");
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);

            // Opening the pipe returns once the command has opened it too: its Ctrl+C handler is set by then.
            var writer = await Task.Run(() => new FileStream(pipe, FileMode.Open, FileAccess.Write), deadline.Token).WaitAsync(deadline.Token);
            await using (writer)
            {
                await SignalAsync(process.Id);
                await process.WaitForExitAsync(deadline.Token);
            }

            Assert.Equal(130, process.ExitCode);
            Assert.Equal(string.Empty, await stdout);
            Assert.Equal(
                "sentimail: cancelling... (press Ctrl+C again to stop at once)\nsentimail: cancelled.",
                (await process.StandardError.ReadToEndAsync(deadline.Token)).Trim().ReplaceLineEndings("\n"));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public void CtrlC_SecondPress_AsksToStopAtOnce()
    {
        using var cancel = new CancellationTokenSource();
        using var stderr = new StringWriter();
        var keys = new CancelKeys(cancel, stderr);

        var first = keys.Press();
        var cancelledByFirst = cancel.IsCancellationRequested;
        var second = keys.Press();

        Assert.False(first);
        Assert.True(cancelledByFirst);
        Assert.True(second);
        Assert.Equal(
            "sentimail: cancelling... (press Ctrl+C again to stop at once)\nsentimail: stopped.",
            stderr.ToString().Trim().ReplaceLineEndings("\n"));
    }

    private static async Task MakeFifoAsync(string path)
    {
        var run = await CliRun.ExternalAsync("mkfifo", [path], TimeSpan.FromSeconds(30));
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    private static async Task SignalAsync(int pid)
    {
        var run = await CliRun.ExternalAsync("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(30));
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    private static List<JsonElement> JsonLines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
}
