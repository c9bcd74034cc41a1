using System.Diagnostics;

namespace SentiMail.Cli.Tests;

/// <summary>Runs the command line in-process, capturing its output.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> InProcessAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, stdoutRedirected: true, stderrRedirected: true, CancellationToken.None);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built <c>sentimail</c> program as a real process, as a user would.</summary>
    public static Task<CliRun> ProcessAsync(params string[] args) =>
        ExternalAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "sentimail.dll"), .. args], TimeSpan.FromMinutes(2));

    /// <summary>Runs a program (a script of the repository, a tool) as a real process; the whole process tree is
    /// killed when it outlives <paramref name="timeout"/>.</summary>
    public static async Task<CliRun> ExternalAsync(string fileName, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start " + fileName + ".");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} ran longer than {timeout}:\n{await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
