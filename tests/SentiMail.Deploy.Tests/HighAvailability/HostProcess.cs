using System.Diagnostics;
using System.Net;
using System.Text;
using SentiMail.Deploy.Tests.Infrastructure;

namespace SentiMail.Deploy.Tests.HighAvailability;

/// <summary>
/// The built SentiMail.Host run as a real process (<c>dotnet SentiMail.Host.dll</c>) on 127.0.0.1 and a free HTTPS
/// port, configured by environment variables. Its output is kept for failure messages; it is killed on dispose if it
/// is still running.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private const int MaxOutputChars = 400_000;
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private HostProcess(Process process, string name, int port)
    {
        _process = process;
        Name = name;
        Port = port;
    }

    /// <summary>Gets the host's path in the artifacts folder (built as a dependency of this project).</summary>
    public static string DllPath
    {
        get
        {
            // artifacts/bin/SentiMail.Deploy.Tests/<pivot>/ → artifacts/bin/SentiMail.Host/<pivot>/
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(here.Parent!.Parent!.FullName, "SentiMail.Host", here.Name, "SentiMail.Host.dll");
        }
    }

    public string Name { get; }

    public int Port { get; }

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

    /// <summary>Runs a host command (<c>keys create …</c>) to completion with the given configuration.</summary>
    public static Task<ProcessResult> RunCommandAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = NewStartInfo(environment);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return ExternalProcess.RunAsync(info, TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts the web host and waits until <c>/healthz/ready</c> answers 200 (the host presents the certificate
    /// with <paramref name="certificateThumbprint"/>, or any certificate when it is <see langword="null"/>: one the host
    /// generated itself). <paramref name="launch"/> may change the command line, e.g. to run the host in a sandbox.</summary>
    public static async Task<HostProcess> StartAsync(string name, int port, string? certificateThumbprint, IReadOnlyDictionary<string, string> environment, Action<ProcessStartInfo>? launch = null)
    {
        var info = NewStartInfo(environment);
        info.Environment["SentiMail__Tls__HttpsPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        launch?.Invoke(info);
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var host = new HostProcess(process, name, port);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        using var client = new HttpClient(new SocketsHttpHandler
        {
            // The host presents the test's self-signed upstream certificate, identified by its thumbprint.
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && (certificateThumbprint is null || string.Equals(certificate.GetCertHashString(), certificateThumbprint, StringComparison.OrdinalIgnoreCase)),
            },
        })
        { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"host {name} exited with {process.ExitCode}:\n{host.Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri($"https://127.0.0.1:{port}/healthz/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Warm-up still running.
            }

            await Task.Delay(100);
        }

        host.Dispose();
        throw new TimeoutException($"host {name} was not ready within 60 s:\n{host.Output}");
    }

    /// <summary>Sends SIGTERM, as a container runtime or systemd does.</summary>
    public async Task TerminateAsync()
    {
        var result = await ExternalProcess.RunAsync("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.True(result.ExitCode == 0, "kill -TERM failed: " + result.Output);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static ProcessStartInfo NewStartInfo(IReadOnlyDictionary<string, string> environment)
    {
        var dll = DllPath;
        Assert.True(File.Exists(dll), $"The host is not built at {dll}; build this test project or SentiMail.sln first.");
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            // The content root: the host's appsettings.json next to the dll.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
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
