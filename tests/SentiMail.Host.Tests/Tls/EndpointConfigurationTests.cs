using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace SentiMail.Host.Tests.Tls;

/// <summary>The usual ASP.NET Core endpoint settings keep working; the default endpoints step aside for them.</summary>
public sealed class EndpointConfigurationTests
{
    [Fact]
    public async Task UrlsReplaceTheDefaultEndpointsAndStillGetTls13AndTheRedirect()
    {
        using var root = new TempDirectory();
        var httpsPort = FreePort.Next();
        var httpPort = FreePort.Next();
        await using var host = await TlsTestHost.StartAsync(root.Path, new Dictionary<string, string?>
        {
            ["urls"] = $"https://127.0.0.1:{httpsPort};http://127.0.0.1:{httpPort}",
        });

        Assert.Equal(SslProtocols.Tls13, (await TlsProbe.HandshakeAsync(httpsPort)).Protocol);
        Assert.NotEqual(0, (await OpenSsl.SClientAsync(httpsPort, "-tls1_2")).ExitCode);
        using var client = TlsProbe.Client();
        using var redirect = await client.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/x"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
        Assert.Equal(new Uri($"https://127.0.0.1:{httpsPort}/x"), redirect.Headers.Location);
        await AssertClosedAsync(host.HttpsPort);
        Assert.True(host.Logs.Has(7109), host.Logs.Text);
    }

    [Fact]
    public async Task KestrelEndpointsWithTheirOwnCertificateKeepItButNotTls12()
    {
        using var root = new TempDirectory();
        using var own = TestPki.CreateServer("own.sentimail.test");
        var (certificate, key) = TestPki.Write(own, root.Path, "own");
        var port = FreePort.Next();
        await using var host = await TlsTestHost.StartAsync(root.Path, new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Secure:Url"] = $"https://127.0.0.1:{port}",
            ["Kestrel:Endpoints:Secure:Certificate:Path"] = certificate,
            ["Kestrel:Endpoints:Secure:Certificate:KeyPath"] = key,
            ["Kestrel:Endpoints:Secure:SslProtocols:0"] = "Tls12",
            ["Kestrel:Endpoints:Secure:SslProtocols:1"] = "Tls13",
        });

        var handshake = await TlsProbe.HandshakeAsync(port);
        Assert.Equal(own.Thumbprint, handshake.Certificate.Thumbprint);
        Assert.Equal(SslProtocols.Tls13, handshake.Protocol);
        await Assert.ThrowsAsync<AuthenticationException>(() => TlsProbe.HandshakeAsync(port, SslProtocols.Tls12));
        await AssertClosedAsync(host.HttpsPort);
    }

    [Fact]
    public async Task KestrelEndpointsWithoutACertificateGetTheSentiMailOne()
    {
        using var root = new TempDirectory();
        using var configured = TestPki.CreateServer("configured.sentimail.test");
        var (certificate, key) = TestPki.Write(configured, root.Path);
        var port = FreePort.Next();
        await using var host = await TlsTestHost.StartAsync(root.Path, new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Secure:Url"] = $"https://127.0.0.1:{port}",
            ["Kestrel:EndpointDefaults:SslProtocols:0"] = "Tls12",
            ["SentiMail:Tls:CertificatePath"] = certificate,
            ["SentiMail:Tls:KeyPath"] = key,
        });

        Assert.Equal(configured.Thumbprint, (await TlsProbe.HandshakeAsync(port)).Certificate.Thumbprint);
        Assert.Contains("alert protocol version", (await OpenSsl.SClientAsync(port, "-tls1_2")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsPortSettingNamesThePublicPortOfTheRedirect()
    {
        using var root = new TempDirectory();
        await using var host = await TlsTestHost.StartAsync(root.Path, new Dictionary<string, string?> { ["HTTPS_PORT"] = "443" });
        using var client = TlsProbe.Client();

        using var redirect = await client.GetAsync(new Uri($"http://127.0.0.1:{host.HttpPort}/a?b=c"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
        Assert.Equal(new Uri("https://127.0.0.1/a?b=c"), redirect.Headers.Location);
        Assert.Equal(SslProtocols.Tls13, (await TlsProbe.HandshakeAsync(host.HttpsPort)).Protocol);
    }

    [Fact]
    public async Task HttpsPortsAreHonoured()
    {
        using var root = new TempDirectory();
        var port = FreePort.Next();
        await using var host = await TlsTestHost.StartAsync(root.Path, new Dictionary<string, string?>
        {
            ["https_ports"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(SslProtocols.Tls13, (await TlsProbe.HandshakeAsync(port)).Protocol);
        await AssertClosedAsync(host.HttpsPort);
    }

    private static async Task AssertClosedAsync(int port)
    {
        using var tcp = new TcpClient();
        var error = await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }
}
