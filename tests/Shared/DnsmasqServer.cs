using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SentiMail.Testing;

/// <summary>
/// A real DNS server for tests: Debian's dnsmasq, started on 127.0.0.1 at a free port with zones the test writes,
/// authoritative for the given domains (unknown names under them answer NXDOMAIN). Names under
/// <see cref="SlowDomain"/> are forwarded to a socket that never answers (timeouts), names under
/// <see cref="FailingDomain"/> to a port that refuses (server failure). Stopped on dispose.
/// </summary>
internal sealed class DnsmasqServer : IAsyncDisposable
{
    public const string SlowDomain = "slow.test";
    public const string FailingDomain = "fail.test";

    private readonly Process _process;
    private readonly string _directory;
    private readonly UdpClient _blackHole;

    private DnsmasqServer(Process process, string directory, int port, UdpClient blackHole)
    {
        _process = process;
        _directory = directory;
        _blackHole = blackHole;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts dnsmasq with the given records. Fails (never skips) when dnsmasq is not installed:
    /// <c>eng/install-test-deps.sh</c> installs it.</summary>
    public static async Task<DnsmasqServer> StartAsync(DnsZone zone, IReadOnlyList<string> authoritativeDomains)
    {
        var binary = new[] { "/usr/sbin/dnsmasq", "/usr/bin/dnsmasq" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("dnsmasq is not installed: run eng/install-test-deps.sh (Debian package dnsmasq-base).");
        var directory = Directory.CreateTempSubdirectory("sentimail-dns-").FullName;
        var blackHole = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var refusedPort = FreeUdpPort();
        for (var attempt = 0; ; attempt++)
        {
            var port = FreeUdpPort();
            var config = new StringBuilder();
            config.AppendLine("no-resolv").AppendLine("no-hosts").AppendLine("bind-interfaces").AppendLine("listen-address=127.0.0.1");
            config.AppendLine(CultureInfo.InvariantCulture, $"port={port}");
            config.AppendLine("log-facility=-").AppendLine("log-queries");
            foreach (var domain in authoritativeDomains)
            {
                config.AppendLine(CultureInfo.InvariantCulture, $"local=/{domain}/");
            }

            config.AppendLine(CultureInfo.InvariantCulture, $"server=/{SlowDomain}/127.0.0.1#{((IPEndPoint)blackHole.Client.LocalEndPoint!).Port}");
            config.AppendLine(CultureInfo.InvariantCulture, $"server=/{FailingDomain}/127.0.0.1#{refusedPort}");
            zone.WriteTo(config);
            var file = Path.Combine(directory, "dnsmasq.conf");
            await File.WriteAllTextAsync(file, config.ToString());

            var start = new ProcessStartInfo(binary)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("--keep-in-foreground");
            start.ArgumentList.Add("--conf-file=" + file);
            var process = Process.Start(start) ?? throw new InvalidOperationException("dnsmasq did not start.");
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            if (await WaitUntilListeningAsync(port, process))
            {
                return new DnsmasqServer(process, directory, port, blackHole);
            }

            process.Kill();
            if (attempt == 2)
            {
                throw new InvalidOperationException($"dnsmasq did not answer on port {port} (exit code {(process.HasExited ? process.ExitCode : -1)}).");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _blackHole.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    private static async Task<bool> WaitUntilListeningAsync(int port, Process process)
    {
        for (var i = 0; i < 50 && !process.HasExited; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }
}

/// <summary>Records for <see cref="DnsmasqServer"/>.</summary>
internal sealed class DnsZone
{
    private readonly List<string> _lines = [];

    /// <summary>Adds a TXT record; text longer than 255 characters is split into several strings, as DNS requires.</summary>
    public DnsZone Txt(string name, string text)
    {
        var chunks = Enumerable.Range(0, (text.Length + 254) / 255).Select(i => text.Substring(i * 255, Math.Min(255, text.Length - (i * 255))));
        _lines.Add($"txt-record={name},{string.Join(',', chunks.Select(c => "\"" + c.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""))}");
        return this;
    }

    public DnsZone A(string name, string address)
    {
        _lines.Add($"host-record={name},{address}");
        return this;
    }

    public DnsZone Mx(string name, string exchange, int preference)
    {
        _lines.Add(string.Create(CultureInfo.InvariantCulture, $"mx-host={name},{exchange},{preference}"));
        return this;
    }

    public void WriteTo(StringBuilder config)
    {
        foreach (var line in _lines)
        {
            config.AppendLine(line);
        }
    }
}
