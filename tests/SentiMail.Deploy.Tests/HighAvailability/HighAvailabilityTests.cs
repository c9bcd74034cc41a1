using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using SentiMail.Deploy.Tests.Infrastructure;
using SentiMail.Deploy.Tests.Nginx;
using Xunit.Abstractions;

namespace SentiMail.Deploy.Tests.HighAvailability;

/// <summary>
/// High availability on one machine: one private PostgreSQL, two SentiMail.Host processes sharing it and one
/// encryption key, behind Debian's nginx running deploy/nginx/sentimail.conf. A bounded load of analyses runs while
/// one host gets SIGTERM; every POST must answer 201, the host must exit 0 and every analysis must be readable
/// afterwards, raw message included.
/// </summary>
public sealed class HighAvailabilityTests(ITestOutputHelper output)
{
    private const int Workers = 8;
    private static readonly TimeSpan s_loadBeforeTerm = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_loadAfterExit = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_drainDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_gracePeriod = TimeSpan.FromSeconds(5);

    private const string NextUpstream = "proxy_next_upstream error timeout http_502 http_503 non_idempotent;";

    [Fact]
    public async Task ShippedConfig_SigtermUnderLoad_FailsNoRequest_AndStoresEachAnalysisOnce()
    {
        // deploy/nginx/sentimail.conf as shipped (proxy_next_upstream with non_idempotent): a POST that the stopping
        // host closes unread at the end of its drain is resent to the other host. Zero failures, no analysis twice.
        var run = await RunAsync();
        Assert.True(run.Failures.Count == 0, $"{run.Failures.Count} of {run.Requests} requests failed:\n{string.Join('\n', run.Failures.Take(20))}\nnginx error log:\n{run.NginxErrors}");
        Assert.Equal(run.Requests, run.Ids.Count);
        Assert.Equal(run.Ids.Count, run.StoredRows);
    }

    private async Task<LoadRun> RunAsync()
    {
        using var temp = new TempDirectory("sentimail-ha-");
        var certificate = temp.Combine("upstream.pem");
        var key = temp.Combine("upstream.key");
        await OpenSsl.SelfSignedAsync(certificate, key, "sentimail.internal", "DNS:sentimail.internal,IP:127.0.0.1");

        string thumbprint;
        using (var upstream = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(certificate))
        {
            thumbprint = upstream.Thumbprint;
        }

        await using var postgres = await PrivatePostgres.StartAsync();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__Provider"] = "PostgreSql",
            ["Storage__ConnectionString"] = postgres.ConnectionString,
            ["Encryption__Keys__ha1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Encryption__ActiveKeyId"] = "ha1",
            ["Encryption__GenerateKeyIfMissing"] = "false",
            ["Backup__Enabled"] = "false",
            ["SentiMail__Tls__CertificatePath"] = certificate,
            ["SentiMail__Tls__KeyPath"] = key,
            ["SentiMail__Tls__HttpMode"] = "Off",
            ["SentiMail__Tls__ListenAddress"] = "127.0.0.1",
            ["Probes__DrainDelay"] = s_drainDelay.ToString("c", CultureInfo.InvariantCulture),
            ["Probes__RequestGracePeriod"] = s_gracePeriod.ToString("c", CultureInfo.InvariantCulture),
            // The load is the point here, not the per-key limit (each host counts on its own).
            ["RateLimiting__PerKeyPermitLimit"] = "100000",
            ["ForwardedHeaders__TrustedProxies__0"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__SentiMail"] = "Information",
        };
        var hostEnvironment = (string name) => new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["Storage__DataDirectory"] = temp.Combine(name),
        };

        var admin = await HostProcess.RunCommandAsync(
            new Dictionary<string, string>(hostEnvironment("admin"), StringComparer.Ordinal) { ["SENTIMAIL_PASSWORD"] = "a long test passphrase" },
            "users", "create-admin", "--email", "ops@example.org");
        Assert.True(admin.ExitCode == 0, admin.Output);
        var keys = await HostProcess.RunCommandAsync(hostEnvironment("admin"), "keys", "create", "--owner", "ops@example.org", "--name", "load");
        Assert.True(keys.ExitCode == 0, keys.Output);
        var apiKey = keys.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
        Assert.StartsWith("sm_", apiKey, StringComparison.Ordinal);

        using var a = await HostProcess.StartAsync("a", FreePort.Next(), thumbprint, hostEnvironment("a"));
        using var b = await HostProcess.StartAsync("b", FreePort.Next(), thumbprint, hostEnvironment("b"));
        await using var nginx = await NginxSite.CreateAsync([a.Port, b.Port], certificate, site =>
        {
            Assert.Contains(NextUpstream, site, StringComparison.Ordinal);
            return LogUpstreams(site);
        });
        await nginx.StartAsync();

        using var client = NewClient(nginx, apiKey);
        var messages = Directory.GetFiles(Repository.File("samples", "messages"), "*.eml").Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes).ToArray();
        Assert.NotEmpty(messages);

        var ids = new ConcurrentBag<Guid>();
        var failures = new ConcurrentQueue<LoadFailure>();
        var requests = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        var load = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; !stop.IsCancellationRequested; i += Workers)
            {
                Interlocked.Increment(ref requests);
                try
                {
                    using var content = new ByteArrayContent(messages[i % messages.Length]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
                    using var response = await client.PostAsync(new Uri("/api/v1/analyses", UriKind.Relative), content, CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        failures.Enqueue(new LoadFailure(clock.Elapsed.TotalSeconds, (int)response.StatusCode, body[..Math.Min(body.Length, 200)]));
                        continue;
                    }

                    using var json = JsonDocument.Parse(body);
                    ids.Add(json.RootElement.GetProperty("id").GetGuid());
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(new LoadFailure(clock.Elapsed.TotalSeconds, 0, e.GetType().Name + ": " + e.Message));
                }
            }
        })).ToArray();

        await Task.Delay(s_loadBeforeTerm);
        var beforeTerm = Volatile.Read(ref requests);
        var termAt = TimeProvider.System.GetUtcNow();
        var termSeconds = clock.Elapsed.TotalSeconds;
        var termClock = Stopwatch.StartNew();
        await a.TerminateAsync();
        var exited = await a.WaitForExitAsync(s_drainDelay + s_gracePeriod + TimeSpan.FromSeconds(10));
        var exitSeconds = termClock.Elapsed.TotalSeconds;
        var exitAt = TimeProvider.System.GetUtcNow();
        await Task.Delay(s_loadAfterExit);
        await stop.CancelAsync();
        await Task.WhenAll(load);
        clock.Stop();

        Assert.True(exited, $"host a did not exit within the drain delay + grace period:\n{a.Output}");
        Assert.True(a.ExitCode == 0, $"host a exited with {a.ExitCode}:\n{a.Output}");
        Assert.False(b.HasExited, "host b exited:\n" + b.Output);

        var log = UpstreamLog.Read(nginx.AccessLog);
        var servedByA = log.Count(e => e.Upstreams[^1] == a.Port && e.Status == 201);
        var servedByAWhileDraining = log.Count(e => e.Upstreams[^1] == a.Port && e.Status == 201 && e.Time >= termAt && e.Time <= exitAt);
        var retried = log.Count(e => e.Upstreams.Count > 1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"requests {requests} in {clock.Elapsed.TotalSeconds:F1} s ({beforeTerm} before SIGTERM), failures {failures.Count}, "
            + $"host a: exit {a.ExitCode} {exitSeconds:F2} s after SIGTERM, served {servedByA} ({servedByAWhileDraining} between SIGTERM and exit), "
            + $"nginx retried on the other host {retried}, SIGTERM at {termSeconds:F3} s of the load"));
        foreach (var failure in failures.Take(20))
        {
            output.WriteLine(failure.ToString());
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(servedByA > 0 && servedByA < ids.Count, $"host a served {servedByA} of {ids.Count}: the load did not reach both hosts");

        // Every analysis is readable through nginx from the surviving host, and its raw message is stored.
        foreach (var id in ids)
        {
            using var response = await client.GetAsync(new Uri($"/api/v1/analyses/{id:D}", UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {id}: {(int)response.StatusCode}");
        }

        var stored = await postgres.QueryAsync("sentimail", "SELECT count(*) FROM \"Analyses\"");
        var sealedRaw = await postgres.QueryAsync("sentimail",
            "SELECT count(*) FROM \"Analyses\" WHERE \"RawMessageCiphertext\" IS NOT NULL AND \"RawMessageKeyId\" = 'ha1'");
        Assert.Equal(stored, sealedRaw);
        output.WriteLine($"rows {stored}, with their raw message sealed by the shared key {sealedRaw}");
        return new LoadRun(requests, [.. ids], [.. failures], int.Parse(stored, CultureInfo.InvariantCulture), nginx.ErrorLogText(), termSeconds, exitSeconds);
    }

    private sealed record LoadFailure(double AtSeconds, int Status, string Detail);

    private sealed record LoadRun(int Requests, IReadOnlyList<Guid> Ids, IReadOnlyList<LoadFailure> Failures, int StoredRows, string NginxErrors,
        double TermSeconds, double ExitSeconds);

    /// <summary>The site's access log in a format that names the upstream(s) each request went to (logging only).</summary>
    private static string LogUpstreams(string site) =>
        "log_format sentimail_ha '$msec $status \"$upstream_addr\" \"$upstream_status\" $request_method';\n"
        + site.Replace("sentimail.access.log combined;", "sentimail.access.log sentimail_ha;", StringComparison.Ordinal);

    private static HttpClient NewClient(NginxSite nginx, string apiKey)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Workers,
            SslOptions =
            {
                TargetHost = NginxSite.ServerName,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && string.Equals(certificate.GetCertHashString(), nginx.CertificateThumbprint, StringComparison.OrdinalIgnoreCase),
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{nginx.HttpsPort}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }
}
