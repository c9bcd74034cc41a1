using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using SentiMail.Deploy.Tests.Infrastructure;

namespace SentiMail.Deploy.Tests.Nginx;

/// <summary>deploy/nginx/sentimail.conf with Debian's nginx: <c>nginx -t</c>, then a real nginx on 127.0.0.1 in front
/// of two HTTPS upstreams.</summary>
public sealed partial class NginxTests(NginxFixture fixture) : IClassFixture<NginxFixture>
{
    // Limits.MaxMessageBytes (32 MiB) + SentiMailApiOptions.MultipartOverheadBytes (64 KiB).
    private const long ApiBodyLimit = (32L * 1024 * 1024) + (64 * 1024);

    private static readonly string s_config = File.ReadAllText(Repository.Deploy("nginx", "sentimail.conf"));

    private NginxSite Site => fixture.Site;

    [Fact]
    public async Task NginxT_AcceptsTheConfiguration()
    {
        var result = await Site.TestAsync();
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("syntax is ok", result.Output, StringComparison.Ordinal);
        Assert.Contains("test is successful", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NginxT_RejectsABrokenCopy()
    {
        // The harness itself: the same configuration with one directive misspelt must fail nginx -t.
        await using var broken = await NginxSite.CreateAsync([FreePort.Next(), FreePort.Next()], fixture.UpstreamCertificatePath,
            text => text.Replace("ssl_protocols TLSv1.3;", "ssl_protocol TLSv1.3;", StringComparison.Ordinal));
        var result = await broken.TestAsync();
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown directive \"ssl_protocol\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_AllowsOnlyTls13_HasTwoUpstreams_AndAddsNoHeaderTheHostSets()
    {
        Assert.Equal(["TLSv1.3"], Directive("ssl_protocols"));
        Assert.Equal(["TLSv1.3"], Directive("proxy_ssl_protocols"));
        Assert.Equal(["on"], Directive("proxy_ssl_verify"));
        var upstream = UpstreamBlock().Match(s_config);
        Assert.True(upstream.Success);
        Assert.True(Regex.Count(upstream.Value, @"^\s*server\s", RegexOptions.Multiline) >= 2);
        Assert.Equal([ApiBodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)], Directive("client_max_body_size"));
        foreach (var header in new[] { "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy" })
        {
            Assert.DoesNotContain("add_header " + header, s_config, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Tls12_IsRefused()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(SslProtocols.Tls12));
        Assert.True(error is AuthenticationException or IOException, error.ToString());
    }

    [Fact]
    public async Task Tls13_IsAccepted()
    {
        Assert.Equal(SslProtocols.Tls13, await HandshakeAsync(SslProtocols.Tls13 | SslProtocols.Tls12));
    }

    [Fact]
    public async Task PlainHttp_IsRedirectedToHttps_With308()
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{Site.HttpPort}/api/v1/analyses?x=1");
        request.Headers.Host = NginxSite.ServerName;
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"https://{NginxSite.ServerName}/api/v1/analyses?x=1", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task ClientAddressAndScheme_AreForwarded_AndAForgedForwardedForIsReplaced()
    {
        using var client = HttpsClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/echo"));
        request.Headers.Add("X-Forwarded-For", "203.0.113.66");
        request.Headers.Add("X-Forwarded-Proto", "http");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await response.Content.ReadFromJsonAsync<EchoReply>();
        Assert.Equal("127.0.0.1", reply!.ForwardedFor);
        Assert.Equal("https", reply.ForwardedProto);
        Assert.Equal(NginxSite.ServerName, reply.Host);
        Assert.Equal("127.0.0.1", reply.Peer);

        // The access log, which CrowdSec reads, has the client address.
        var log = await File.ReadAllTextAsync(Site.AccessLog);
        Assert.Contains("127.0.0.1 - - [", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_AreSpreadOverBothUpstreams()
    {
        using var client = HttpsClient();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 6; i++)
        {
            seen.Add((await client.GetFromJsonAsync<EchoReply>(Url("/echo")))!.Upstream);
        }

        Assert.Equal(["a", "b"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Body_AtTheApiLimit_IsPassed_AndOneByteMore_IsRefusedWith413()
    {
        using var client = HttpsClient();
        using (var content = new ByteArrayContent(new byte[ApiBodyLimit]))
        {
            using var response = await client.PostAsync(Url("/upload"), content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(ApiBodyLimit, (await response.Content.ReadFromJsonAsync<EchoReply>())!.BodyBytes);
        }

        // Only the headers are sent: nginx refuses on Content-Length before reading the body.
        var status = await RawStatusAsync($"POST /upload HTTP/1.1\r\nHost: {NginxSite.ServerName}\r\nContent-Length: {ApiBodyLimit + 1}\r\nContent-Type: message/rfc822\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 413", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneUpstreamDown_RequestsAndPostsStillSucceed()
    {
        await using var site = await NginxSite.CreateAsync([fixture.A.Port, FreePort.Next()], fixture.UpstreamCertificatePath);
        await site.StartAsync();
        using var client = HttpsClient(site);
        for (var i = 0; i < 6; i++)
        {
            using var content = new StringContent("From: a@example.com\r\n\r\nhello", Encoding.ASCII, "message/rfc822");
            using var response = await client.PostAsync($"https://127.0.0.1:{site.HttpsPort}/api/v1/analyses", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reply = await response.Content.ReadFromJsonAsync<EchoReply>();
            Assert.Equal("a", reply!.Upstream);
            Assert.Equal("POST", reply.Method);
        }
    }

    private static string[] Directive(string name) =>
        Regex.Matches(s_config, @"^\s*" + Regex.Escape(name) + @"\s+([^;]+);", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value.Trim()).Distinct(StringComparer.Ordinal).ToArray();

    private string Url(string path) => $"https://127.0.0.1:{Site.HttpsPort}{path}";

    private HttpClient HttpsClient(NginxSite? site = null)
    {
        var thumbprint = (site ?? Site).CertificateThumbprint;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = NginxSite.ServerName,
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == thumbprint,
            },
            AllowAutoRedirect = false,
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Host = NginxSite.ServerName;
        return client;
    }

    private bool IsSiteCertificate(object sender, X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors)
    {
        return presented?.GetCertHashString() == Site.CertificateThumbprint;
    }

    private async Task<SslProtocols> HandshakeAsync(SslProtocols protocols)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Site.HttpsPort);
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = NginxSite.ServerName,
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = IsSiteCertificate,
        });
        return ssl.SslProtocol;
    }

    private async Task<string> RawStatusAsync(string head)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Site.HttpsPort);
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = NginxSite.ServerName, RemoteCertificateValidationCallback = IsSiteCertificate });
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(head));
        var buffer = new byte[4096];
        var read = await ssl.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
    }

    [GeneratedRegex(@"upstream\s+\w+\s*\{[^}]*\}")]
    private static partial Regex UpstreamBlock();
}
