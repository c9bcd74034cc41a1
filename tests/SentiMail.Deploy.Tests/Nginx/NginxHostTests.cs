using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using SentiMail.Deploy.Tests.HighAvailability;
using SentiMail.Deploy.Tests.Infrastructure;

namespace SentiMail.Deploy.Tests.Nginx;

/// <summary>
/// deploy/nginx/sentimail.conf with Debian's nginx in front of the real SentiMail.Host process (SQLite store,
/// <c>ForwardedHeaders:TrustedProxies</c> = the proxy's address): TLS 1.3 only at the edge, and the client's address,
/// not a forged <c>X-Forwarded-For</c>, is what the host logs and counts. The clients connect from other loopback
/// addresses (127.0.0.2, 127.0.0.3) so that the forwarded address differs from the proxy's own.
/// </summary>
public sealed class NginxHostTests(NginxHostTests.Fixture fixture) : IClassFixture<NginxHostTests.Fixture>
{
    private const string ForgedAddress = "192.0.2.66";

    [Fact]
    public async Task Edge_RefusesTls12_AndServesTheHostOverTls13()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(SslProtocols.Tls12));
        Assert.True(error is AuthenticationException or IOException, error.ToString());
        Assert.Equal(SslProtocols.Tls13, await HandshakeAsync(SslProtocols.Tls12 | SslProtocols.Tls13));

        using var client = fixture.Client("127.0.0.2");
        using var ready = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        // The host's own security headers come through the proxy (nginx adds none).
        Assert.True(ready.Headers.Contains("Strict-Transport-Security") || ready.Headers.Contains("X-Content-Type-Options"), ready.Headers.ToString());
    }

    [Fact]
    public async Task AnalysisThroughTheProxy_IsStoredAndReadable()
    {
        using var client = fixture.Client("127.0.0.2");
        using var content = Message("phishing-paypal-en.eml");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/analyses", UriKind.Relative)) { Content = content };
        request.Headers.Add("X-Api-Key", fixture.ApiKey);
        using var created = await client.SendAsync(request);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        var id = json.RootElement.GetProperty("id").GetGuid();

        using var read = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/analyses/{id}", UriKind.Relative));
        read.Headers.Add("X-Api-Key", fixture.ApiKey);
        using var again = await client.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Malicious", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKey_IsLoggedByTheHostWithTheClientsAddress_NotTheForgedOne()
    {
        using var client = fixture.Client("127.0.0.2");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/analyses", UriKind.Relative));
        request.Headers.Add("X-Api-Key", "sm_00000000000000aa_" + new string('A', 43));
        request.Headers.Add("X-Forwarded-For", ForgedAddress);
        using var refused = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // The host's JSON security event (what the CrowdSec parser reads) names the client behind the proxy.
        var line = await fixture.WaitForLogLineAsync("00000000000000aa");
        using var json = JsonDocument.Parse(line[line.IndexOf('{', StringComparison.Ordinal)..]);
        Assert.Equal(5102, json.RootElement.GetProperty("EventId").GetInt32());
        Assert.Equal("127.0.0.2", json.RootElement.GetProperty("State").GetProperty("ClientAddress").GetString());
        Assert.DoesNotContain(ForgedAddress, line, StringComparison.Ordinal);

        // And so does the proxy's access log.
        Assert.Contains("127.0.0.2 - - [", await File.ReadAllTextAsync(fixture.Nginx.AccessLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousQuota_CountsEachClientBehindTheProxy_AndAForgedAddressDoesNotDodgeIt()
    {
        // Fixture: 2 anonymous uploads per address. 127.0.0.3 uses them up, forging a new X-Forwarded-For each time.
        using var first = fixture.Client("127.0.0.3");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var content = Message("clean-personal-en.eml");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/analyses", UriKind.Relative)) { Content = content };
            request.Headers.Add("X-Forwarded-For", $"192.0.2.{100 + i}");
            using var response = await first.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);

        // Another client behind the same proxy still has its own quota.
        using var second = fixture.Client("127.0.0.4");
        using var other = Message("clean-personal-en.eml");
        using var allowed = await second.PostAsync(new Uri("/api/v1/analyses", UriKind.Relative), other);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }

    private static ByteArrayContent Message(string sample)
    {
        var content = new ByteArrayContent(File.ReadAllBytes(Repository.File("samples", "messages", sample)));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return content;
    }

    private async Task<SslProtocols> HandshakeAsync(SslProtocols protocols)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Nginx.HttpsPort);
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = NginxSite.ServerName,
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == fixture.Nginx.CertificateThumbprint,
        });
        return ssl.SslProtocol;
    }

    /// <summary>One host process behind one nginx, with an administrator and an API key.</summary>
    public sealed class Fixture : IAsyncLifetime, IDisposable
    {
        private readonly TempDirectory _temp = new("sentimail-nginx-host-");
        private HostProcess? _host;
        private NginxSite? _nginx;

        internal NginxSite Nginx => _nginx ?? throw new InvalidOperationException("not started");

        public string ApiKey { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var certificate = _temp.Combine("upstream.pem");
            var key = _temp.Combine("upstream.key");
            await OpenSsl.SelfSignedAsync(certificate, key, "sentimail.internal", "DNS:sentimail.internal,IP:127.0.0.1");
            string thumbprint;
            using (var upstream = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(certificate))
            {
                thumbprint = upstream.Thumbprint;
            }

            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Storage__DataDirectory"] = _temp.Combine("data"),
                ["Backup__Enabled"] = "false",
                ["SentiMail__Tls__CertificatePath"] = certificate,
                ["SentiMail__Tls__KeyPath"] = key,
                ["SentiMail__Tls__HttpMode"] = "Off",
                ["SentiMail__Tls__ListenAddress"] = "127.0.0.1",
                ["ForwardedHeaders__TrustedProxies__0"] = "127.0.0.1",
                ["Api__AllowAnonymousSubmit"] = "true",
                ["RateLimiting__PerIpPermitLimit"] = "2",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__SentiMail"] = "Information",
            };

            var admin = await HostProcess.RunCommandAsync(
                new Dictionary<string, string>(environment, StringComparer.Ordinal) { ["SENTIMAIL_PASSWORD"] = "a long test passphrase" },
                "users", "create-admin", "--email", "ops@example.org");
            Assert.True(admin.ExitCode == 0, admin.Output);
            var keys = await HostProcess.RunCommandAsync(environment, "keys", "create", "--owner", "ops@example.org", "--name", "proxy");
            Assert.True(keys.ExitCode == 0, keys.Output);
            ApiKey = keys.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
            Assert.StartsWith("sm_", ApiKey, StringComparison.Ordinal);

            _host = await HostProcess.StartAsync("host", FreePort.Next(), thumbprint, environment);
            // The shipped upstream block has two servers; both point at the one host here.
            _nginx = await NginxSite.CreateAsync([_host.Port, _host.Port], certificate);
            await _nginx.StartAsync();
        }

        /// <summary>An HTTPS client of the proxy whose connections come from <paramref name="localAddress"/>.</summary>
        public HttpClient Client(string localAddress)
        {
            var thumbprint = Nginx.CertificateThumbprint;
            var local = IPAddress.Parse(localAddress);
            var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    TargetHost = NginxSite.ServerName,
                    RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == thumbprint,
                },
                AllowAutoRedirect = false,
                ConnectCallback = async (context, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        socket.Bind(new IPEndPoint(local, 0));
                        await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{Nginx.HttpsPort}"), Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Host = NginxSite.ServerName;
            return client;
        }

        /// <summary>Waits (at most 10 s) for a line of the host's output that contains <paramref name="marker"/>.</summary>
        public async Task<string> WaitForLogLineAsync(string marker)
        {
            var host = _host ?? throw new InvalidOperationException("not started");
            for (var i = 0; i < 100; i++)
            {
                var line = host.Output.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal) && l.Contains('{', StringComparison.Ordinal));
                if (line is not null)
                {
                    return line;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"no log line with {marker}:\n{host.Output}");
        }

        /// <summary>Stops nginx (xunit calls this first, then <see cref="Dispose"/>).</summary>
        public async Task DisposeAsync()
        {
            if (_nginx is not null)
            {
                await _nginx.DisposeAsync();
            }
        }

        /// <summary>Stops the host and deletes its folder.</summary>
        public void Dispose()
        {
            _host?.Dispose();
            _temp.Dispose();
        }
    }
}
