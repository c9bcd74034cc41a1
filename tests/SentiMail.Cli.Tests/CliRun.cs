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

    /// <summary>Runs the built <c>sentimail</c> program as a real process with <paramref name="input"/> piped to its
    /// standard input.</summary>
    public static Task<CliRun> ProcessWithInputAsync(byte[] input, params string[] args) =>
        ExternalAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "sentimail.dll"), .. args], TimeSpan.FromMinutes(2), input);

    /// <summary>The start information of the built <c>sentimail</c> program, every stream redirected.</summary>
    public static ProcessStartInfo SentiMailStartInfo(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "sentimail.dll"), .. args])
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    /// <summary>Runs a program (a script of the repository, a tool) as a real process; the whole process tree is
    /// killed when it outlives <paramref name="timeout"/>. <paramref name="input"/>, when given, is piped to its
    /// standard input, which is then closed.</summary>
    public static async Task<CliRun> ExternalAsync(string fileName, IEnumerable<string> args, TimeSpan timeout, byte[]? input = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = input is not null,
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
        if (input is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
        }

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
