using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace SentiMail.Host.BrowserTests.Infrastructure;

/// <summary>
/// The built SentiMail.Host run as a real process (<c>dotnet SentiMail.Host.dll</c>, environment Production) on
/// https://127.0.0.1 and a free port, with its self-signed certificate, a temporary data folder and an initial
/// administrator from configuration. It is killed on dispose if it is still running.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@example.org";
    public const string AdminPassword = "browser test admin passphrase";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(Process process, int port, DirectoryInfo dataDirectory)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"https://127.0.0.1:{Port}/");

    public DirectoryInfo DataDirectory { get; }

    public string Output => string.Join("\n", _output);

    /// <summary>Gets the host's path in the artifacts folder (built as a dependency of this project).</summary>
    public static string DllPath
    {
        get
        {
            // artifacts/bin/SentiMail.Host.BrowserTests/<pivot>/ → artifacts/bin/SentiMail.Host/<pivot>/
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(here.Parent!.Parent!.FullName, "SentiMail.Host", here.Name, "SentiMail.Host.dll");
        }
    }

    public static async Task<HostProcess> StartAsync()
    {
        var dll = DllPath;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The host is not built at {dll}; build this test project or SentiMail.sln first.");
        }

        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("sentimail-browser-");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The content root: the host's appsettings.json next to the dll.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["SentiMail__Tls__HttpsPort"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["SentiMail__Tls__HttpMode"] = "Off";
        start.Environment["Storage__DataDirectory"] = data.FullName;
        start.Environment["Backup__Enabled"] = "false";
        start.Environment["Users__InitialAdminEmail"] = AdminEmail;
        start.Environment["Users__InitialAdminPassword"] = AdminPassword;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process, port, data);
        process.OutputDataReceived += (_, e) => host.Add(e.Data);
        process.ErrorDataReceived += (_, e) => host.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilReadyAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
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
        try
        {
            DataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary folder is left for the system to clean.
        }
    }

    /// <summary>Waits (up to 60 s) until <c>/healthz/ready</c> answers 200 over TLS; fails with the host's output if it exits.</summary>
    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            // The host's own self-signed certificate: untrusted, but issued for 127.0.0.1.
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificate is not null && (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) == 0 },
        })
        { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = TimeProvider.System.GetTimestamp() + (60 * TimeProvider.System.TimestampFrequency);
        while (TimeProvider.System.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "/healthz/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
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

        throw new TimeoutException($"The host was not ready within 60 s:\n{Output}");
    }

    private void Add(string? line)
    {
        if (line is not null && _output.Count < 20_000)
        {
            _output.Enqueue(line);
        }
    }
}
