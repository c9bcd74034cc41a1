using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace SentiMail.Kubernetes.Tests.Process;

/// <summary>
/// SentiMail.Kubernetes.TestApp run as a real process (<c>dotnet SentiMail.Kubernetes.TestApp.dll</c>) on 127.0.0.1 and
/// a free port; its output is kept for failure messages. Killed (SIGKILL) on dispose if it is still running.
/// </summary>
internal sealed class TestAppProcess : IDisposable
{
    private const int MaxOutputChars = 200_000;
    private readonly StringBuilder _output = new();
    private readonly System.Diagnostics.Process _process;

    private TestAppProcess(System.Diagnostics.Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Gets the test app's path in the artifacts folder: built with the solution and as a dependency of this project.</summary>
    public static string AppPath
    {
        get
        {
            // artifacts/bin/SentiMail.Kubernetes.Tests/<pivot>/ → artifacts/bin/SentiMail.Kubernetes.TestApp/<pivot>/
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(here.Parent!.Parent!.FullName, "SentiMail.Kubernetes.TestApp", here.Name, "SentiMail.Kubernetes.TestApp.dll");
        }
    }

    public static TestAppProcess Start(TimeSpan drainDelay, TimeSpan gracePeriod)
    {
        var path = AppPath;
        Assert.True(File.Exists(path), $"The test app is not built at {path}; build SentiMail.sln or this test project first.");
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(path)!,
        };
        foreach (var argument in new[]
        {
            path, "--urls", address.ToString(),
            "--Probes:DrainDelay=" + drainDelay.ToString("c", CultureInfo.InvariantCulture),
            "--Probes:RequestGracePeriod=" + gracePeriod.ToString("c", CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:SentiMail=Information", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var app = new TestAppProcess(process, address);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>
    /// Sends a real SIGTERM with <c>kill -TERM</c>, as the kubelet does through the container runtime. The shell's
    /// built-in <c>kill</c> is used, so the test needs no package beyond the essential ones (procps may be missing).
    /// </summary>
    public async Task SendSigtermAsync()
    {
        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "kill -TERM \"$1\"", "sh", Id.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("sh did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await kill.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the process to exit, at most <paramref name="limit"/>.</summary>
    /// <returns>Whether it exited in time.</returns>
    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Polls <c>/inflight</c> until the app serves <paramref name="count"/> slow requests (at most 20 seconds).</summary>
    public async Task WaitForInFlightAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = -1;
        while (!timeout.IsCancellationRequested)
        {
            seen = int.Parse(await Client.GetStringAsync(new Uri("/inflight", UriKind.Relative)), CultureInfo.InvariantCulture);
            if (seen == count)
            {
                return;
            }

            await Task.Delay(25, CancellationToken.None);
        }

        throw new TimeoutException($"{seen} requests in flight instead of {count}.\n{Output}");
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < MaxOutputChars)
            {
                _output.AppendLine(line);
            }
        }
    }
}
