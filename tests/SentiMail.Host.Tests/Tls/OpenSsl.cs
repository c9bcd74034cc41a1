using System.Diagnostics;

namespace SentiMail.Host.Tests.Tls;

/// <summary>Runs Debian's <c>openssl s_client</c> (installed by eng/install-test-deps.sh) against a local port.</summary>
internal static class OpenSsl
{
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs <c>openssl s_client -connect 127.0.0.1:port</c> with <paramref name="arguments"/>, stdin closed.</summary>
    public static async Task<Result> SClientAsync(int port, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("s_client");
        start.ArgumentList.Add("-connect");
        start.ArgumentList.Add("127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("Cannot start openssl: run eng/install-test-deps.sh.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout + "\n" + await stderr);
    }
}
