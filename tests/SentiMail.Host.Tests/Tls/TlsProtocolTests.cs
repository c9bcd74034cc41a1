using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;

namespace SentiMail.Host.Tests.Tls;

/// <summary>TLS 1.3 only, HTTP redirect and HSTS, checked with real clients against a real Kestrel.</summary>
public sealed class TlsProtocolTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _root = new();
    private TlsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await TlsTestHost.StartAsync(_root.Path);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task OpenSslWithTls12IsRefused()
    {
        var result = await OpenSsl.SClientAsync(_host.HttpsPort, "-tls1_2", "-servername", "localhost");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("alert protocol version", result.Output, StringComparison.Ordinal);
        Assert.Contains("no peer certificate available", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslWithTls13Succeeds()
    {
        var result = await OpenSsl.SClientAsync(_host.HttpsPort, "-tls1_3", "-brief", "-servername", "localhost");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Protocol version: TLSv1.3", result.Output, StringComparison.Ordinal);
        Assert.Contains("CN = localhost", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslWithTls11AndTls12OfferedStillCannotNegotiateBelowTls13()
    {
        // A client offering everything up to TLS 1.2 (the downgrade an attacker would try) gets no connection.
        var result = await OpenSsl.SClientAsync(_host.HttpsPort, "-no_tls1_3", "-cipher", "DEFAULT:@SECLEVEL=0", "-servername", "localhost");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("alert protocol version", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpClientLimitedToTls12Fails()
    {
        using var client = TlsProbe.Client(SslProtocols.Tls12);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"https://localhost:{_host.HttpsPort}/")));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task HttpClientWithTls13GetsTheApplication()
    {
        using var client = TlsProbe.Client(SslProtocols.Tls13);

        using var response = await client.GetAsync(new Uri($"https://localhost:{_host.HttpsPort}/hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok /hello", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RawHandshakeNegotiatesTls13EvenWhenTheClientAllowsTls12()
    {
        var handshake = await TlsProbe.HandshakeAsync(_host.HttpsPort, SslProtocols.Tls12 | SslProtocols.Tls13);

        Assert.Equal(SslProtocols.Tls13, handshake.Protocol);
    }

    [Fact]
    public async Task PlainHttpAnswersA308ToTheSameUrlOverHttps()
    {
        using var client = TlsProbe.Client();

        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{_host.HttpPort}/api/v1/analyses?page=2&x=%3Cb%3E"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(new Uri($"https://127.0.0.1:{_host.HttpsPort}/api/v1/analyses?page=2&x=%3Cb%3E"), response.Headers.Location);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PlainHttpPostIsRedirectedNotServed()
    {
        using var client = TlsProbe.Client();
        using var content = new StringContent("From: a@b.test\r\n\r\nbody");

        using var response = await client.PostAsync(new Uri($"http://127.0.0.1:{_host.HttpPort}/api/v1/analyses"), content);

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.DoesNotContain("ok", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsResponsesCarryHstsForARealHostName()
    {
        using var client = TlsProbe.Client(SslProtocols.Tls13);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://127.0.0.1:{_host.HttpsPort}/"));
        request.Headers.Host = "mail-check.example.org";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task HstsIsNotSentOverPlainHttp()
    {
        using var client = TlsProbe.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{_host.HttpPort}/"));
        request.Headers.Host = "mail-check.example.org";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task TlsOnThePlainHttpPortAndPlainHttpOnTheTlsPortDoNotReachTheApplication()
    {
        var tlsOnHttpPort = await TlsProbe.TryThumbprintAsync(_host.HttpPort);
        Assert.Null(tlsOnHttpPort);

        using var client = TlsProbe.Client();
        var answer = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{_host.HttpsPort}/"));
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        });
        Assert.True(answer is null or HttpRequestException, answer?.ToString());
    }

    [Fact]
    public void TheDefaultEndpointsAreLogged()
    {
        Assert.Contains(_host.Logs.Entries, e => e.Id.Id == 7108
            && e.Message.Contains($"https://127.0.0.1:{_host.HttpsPort}", StringComparison.Ordinal)
            && e.Message.Contains($"http://127.0.0.1:{_host.HttpPort}", StringComparison.Ordinal));
    }
}

/// <summary>HttpMode Off and non-default HSTS settings.</summary>
public sealed class HttpModeOffTests
{
    [Fact]
    public async Task NoPlainHttpListenerIsOpened()
    {
        using var root = new TempDirectory();
        await using var host = await TlsTestHost.StartAsync(root.Path, new Dictionary<string, string?>
        {
            ["SentiMail:Tls:HttpMode"] = "Off",
        });

        using var tcp = new TcpClient();
        var error = await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync(IPAddress.Loopback, host.HttpPort));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.Equal(SslProtocols.Tls13, (await TlsProbe.HandshakeAsync(host.HttpsPort)).Protocol);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Id.Id == 7108 && e.Message.Contains("http://", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlainHttpOnAHandConfiguredEndpointIsAnswered400()
    {
        using var root = new TempDirectory();
        var httpsPort = FreePort.Next();
        var httpPort = FreePort.Next();
        await using var host = await TlsTestHost.StartAsync(root.Path, new Dictionary<string, string?>
        {
            ["SentiMail:Tls:HttpMode"] = "Off",
            ["urls"] = $"https://127.0.0.1:{httpsPort};http://127.0.0.1:{httpPort}",
        });
        using var client = TlsProbe.Client();

        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/secret"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("HTTPS is required.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HstsFollowsTheOptions()
    {
        using var root = new TempDirectory();
        await using var host = await TlsTestHost.StartAsync(root.Path, new Dictionary<string, string?>
        {
            ["SentiMail:Tls:HstsMaxAge"] = "2.00:00:00",
            ["SentiMail:Tls:HstsIncludeSubDomains"] = "true",
        });
        using var client = TlsProbe.Client(SslProtocols.Tls13);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://127.0.0.1:{host.HttpsPort}/"));
        request.Headers.Host = "mail-check.example.org";

        using var response = await client.SendAsync(request);

        Assert.Equal("max-age=172800; includeSubDomains", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }
}
