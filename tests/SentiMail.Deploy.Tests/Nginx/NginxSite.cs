using System.Text.RegularExpressions;
using SentiMail.Deploy.Tests.Infrastructure;

namespace SentiMail.Deploy.Tests.Nginx;

/// <summary>
/// deploy/nginx/sentimail.conf made runnable in a temporary folder: its files (certificates, logs) moved there, its
/// listeners on 127.0.0.1 free ports, its upstream servers replaced by given 127.0.0.1 ports, and a main nginx.conf
/// that includes it. Debian's nginx runs it in the foreground; it is stopped with <c>nginx -s quit</c>.
/// </summary>
internal sealed partial class NginxSite : IAsyncDisposable
{
    public const string ServerName = "sentimail.example.com";

    private readonly TempDirectory _directory;
    private System.Diagnostics.Process? _process;

    private NginxSite(TempDirectory directory, string nginx, int httpPort, int httpsPort)
    {
        _directory = directory;
        NginxPath = nginx;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
    }

    public string NginxPath { get; }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    public string MainConfig => _directory.Combine("nginx.conf");

    public string SiteConfig => _directory.Combine("site.conf");

    public string CertificatePath => _directory.Combine("tls", "fullchain.pem");

    /// <summary>The SHA-1 thumbprint of the certificate nginx presents (what the test clients accept).</summary>
    public string CertificateThumbprint { get; private set; } = "";

    public string AccessLog => _directory.Combine("logs", "sentimail.access.log");

    /// <summary>The text of the site's error log, or an empty string before nginx wrote it (for failure messages).</summary>
    public string ErrorLogText()
    {
        var path = _directory.Combine("logs", "sentimail.error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    /// <summary>Writes the configuration; <paramref name="upstreamCertificate"/> is the certificate the upstreams
    /// present (trusted as upstream-ca.pem).</summary>
    public static async Task<NginxSite> CreateAsync(IReadOnlyList<int> upstreamPorts, string upstreamCertificate, Func<string, string>? edit = null)
    {
        var nginx = ExternalProcess.Require("nginx", "nginx");
        var directory = new TempDirectory("sentimail-nginx-");
        var site = new NginxSite(directory, nginx, FreePort.Next(), FreePort.Next());
        foreach (var folder in new[] { "tls", "logs", "tmp" })
        {
            Directory.CreateDirectory(directory.Combine(folder));
        }

        await OpenSsl.SelfSignedAsync(site.CertificatePath, directory.Combine("tls", "privkey.pem"), ServerName, $"DNS:{ServerName},IP:127.0.0.1");
        using (var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(site.CertificatePath))
        {
            site.CertificateThumbprint = certificate.Thumbprint;
        }

        File.Copy(upstreamCertificate, directory.Combine("tls", "upstream-ca.pem"));

        var text = await File.ReadAllTextAsync(Repository.Deploy("nginx", "sentimail.conf"));
        text = text.Replace("/etc/nginx/sentimail/", directory.Combine("tls") + "/", StringComparison.Ordinal)
            .Replace("/var/log/nginx/", directory.Combine("logs") + "/", StringComparison.Ordinal);
        text = Ipv6Listen().Replace(text, "");
        text = text.Replace("listen 80;", $"listen 127.0.0.1:{site.HttpPort};", StringComparison.Ordinal)
            .Replace("listen 443 ssl http2;", $"listen 127.0.0.1:{site.HttpsPort} ssl http2;", StringComparison.Ordinal);
        var servers = UpstreamServer().Matches(text);
        Assert.Equal(upstreamPorts.Count, servers.Count);
        for (var i = servers.Count - 1; i >= 0; i--)
        {
            var s = servers[i].Groups["address"];
            text = string.Concat(text.AsSpan(0, s.Index), $"127.0.0.1:{upstreamPorts[i]}", text.AsSpan(s.Index + s.Length));
        }

        await File.WriteAllTextAsync(site.SiteConfig, edit is null ? text : edit(text));
        var tmp = directory.Combine("tmp");
        await File.WriteAllTextAsync(site.MainConfig, $$"""
            daemon off;
            master_process on;
            worker_processes 1;
            user root;
            pid {{directory.Combine("nginx.pid")}};
            error_log {{directory.Combine("logs", "error.log")}} warn;
            events { worker_connections 256; }
            http {
                client_body_temp_path {{tmp}}/body;
                proxy_temp_path {{tmp}}/proxy;
                fastcgi_temp_path {{tmp}}/fastcgi;
                uwsgi_temp_path {{tmp}}/uwsgi;
                scgi_temp_path {{tmp}}/scgi;
                access_log off;
                include {{site.SiteConfig}};
            }
            """);
        return site;
    }

    /// <summary>Runs <c>nginx -t</c> on the configuration.</summary>
    public Task<ProcessResult> TestAsync() =>
        ExternalProcess.RunAsync(NginxPath, ["-t", "-c", MainConfig, "-p", _directory.Path], TimeSpan.FromSeconds(30));

    /// <summary>Starts nginx and waits until its HTTPS port accepts connections.</summary>
    public async Task StartAsync()
    {
        var info = new System.Diagnostics.ProcessStartInfo(NginxPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-c", MainConfig, "-p", _directory.Path })
        {
            info.ArgumentList.Add(arg);
        }

        _process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("nginx did not start");
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("nginx exited: " + await _process.StandardError.ReadToEndAsync()
                    + await File.ReadAllTextAsync(_directory.Combine("logs", "error.log")));
            }

            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, HttpsPort);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(25);
            }
        }

        throw new TimeoutException("nginx did not listen within 5 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                await ExternalProcess.RunAsync(NginxPath, ["-c", MainConfig, "-p", _directory.Path, "-s", "quit"], TimeSpan.FromSeconds(10));
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }

            _process.Dispose();
        }

        _directory.Dispose();
    }

    [GeneratedRegex(@"^\s*listen \[::\]:\d+[^;]*;\s*$\n?", RegexOptions.Multiline)]
    private static partial Regex Ipv6Listen();

    [GeneratedRegex(@"^\s*server (?<address>[0-9.]+:\d+)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();
}
