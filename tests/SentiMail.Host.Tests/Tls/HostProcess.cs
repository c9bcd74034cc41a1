using System.Collections.Concurrent;
using System.Diagnostics;

namespace SentiMail.Host.Tests.Tls;

/// <summary>The built SentiMail.Host run as a real process (<c>dotnet SentiMail.Host.dll</c>) in a given folder, which
/// is its content root; stopped (killed) when disposed.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(Process process) => _process = process;

    public string Output => string.Join("\n", _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static string HostDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "SentiMail.Host.dll");
            if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "SentiMail.Host.runtimeconfig.json")))
            {
                throw new InvalidOperationException("SentiMail.Host is not built next to the tests: " + AppContext.BaseDirectory);
            }

            return dll;
        }
    }

    public static HostProcess Start(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test sets: no endpoint settings inherited from the machine running the tests.
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => host.Add(e.Data);
        process.ErrorDataReceived += (_, e) => host.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until the host logs that it started; fails with its output if it exits first.</summary>
    public async Task WaitUntilStartedAsync(int timeoutSeconds = 60)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (timeoutSeconds * TimeProvider.System.TimestampFrequency);
        while (!Output.Contains("Application started", StringComparison.Ordinal))
        {
            if (_process.HasExited || TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new Xunit.Sdk.XunitException($"The host did not start (exited: {_process.HasExited}). Output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(int timeoutSeconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
