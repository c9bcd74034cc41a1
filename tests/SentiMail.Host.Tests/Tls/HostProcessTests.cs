using System.Globalization;
using System.Net;
using System.Security.Authentication;

namespace SentiMail.Host.Tests.Tls;

/// <summary>The real SentiMail.Host process: HTTPS with no TLS configuration, the usual endpoint settings, and a
/// refused start on a bad certificate setting.</summary>
public sealed class HostProcessTests
{
    private static string[] Ports(int https, int http) =>
        ["--SentiMail:Tls:HttpsPort=" + https.ToString(CultureInfo.InvariantCulture), "--SentiMail:Tls:HttpPort=" + http.ToString(CultureInfo.InvariantCulture)];

    [Fact]
    public async Task WithoutTlsConfigurationTheHostServesTheApiOverTls13AndReusesItsCertificate()
    {
        using var root = new TempDirectory();
        var https = FreePort.Next();
        var http = FreePort.Next();
        string thumbprint;
        await using (var host = HostProcess.Start(root.Path, Ports(https, http)))
        {
            await host.WaitUntilStartedAsync();

            Assert.Contains(root.Combine("data", "tls", "localhost.crt"), host.Output, StringComparison.Ordinal);
            var tls13 = await OpenSsl.SClientAsync(https, "-tls1_3", "-brief");
            Assert.True(tls13.ExitCode == 0, tls13.Output);
            Assert.Contains("Protocol version: TLSv1.3", tls13.Output, StringComparison.Ordinal);
            var tls12 = await OpenSsl.SClientAsync(https, "-tls1_2");
            Assert.NotEqual(0, tls12.ExitCode);
            Assert.Contains("alert protocol version", tls12.Output, StringComparison.Ordinal);

            using var client = TlsProbe.Client();
            using (var redirect = await client.GetAsync(new Uri($"http://127.0.0.1:{http}/api/v1/analyses")))
            {
                Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
                Assert.Equal(new Uri($"https://127.0.0.1:{https}/api/v1/analyses"), redirect.Headers.Location);
            }

            using (var api = await client.GetAsync(new Uri($"https://127.0.0.1:{https}/api/v1/analyses")))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
            }

            thumbprint = (await TlsProbe.HandshakeAsync(https)).Certificate.Thumbprint;
        }

        await using var again = HostProcess.Start(root.Path, Ports(https, http));
        await again.WaitUntilStartedAsync();
        Assert.Equal(thumbprint, (await TlsProbe.HandshakeAsync(https)).Certificate.Thumbprint);
        Assert.Contains("using the self-signed certificate", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AspNetCoreUrlsIsHonoured()
    {
        using var root = new TempDirectory();
        var https = FreePort.Next();
        await using var host = HostProcess.Start(root.Path, [], new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"https://127.0.0.1:{https}" });
        await host.WaitUntilStartedAsync();

        Assert.Equal(SslProtocols.Tls13, (await TlsProbe.HandshakeAsync(https)).Protocol);
        Assert.Contains($"Now listening on: https://127.0.0.1:{https}", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on: http://", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyThatDoesNotMatchStopsTheHostWithAClearMessage()
    {
        using var root = new TempDirectory();
        using var server = TestPki.CreateServer("a.sentimail.test");
        using var other = TestPki.CreateServer("b.sentimail.test");
        var (certificate, key) = TestPki.Write(server, root.Path);
        await File.WriteAllTextAsync(key, TestPki.KeyPem(other));
        var https = FreePort.Next();

        await using var host = HostProcess.Start(root.Path, [.. Ports(https, FreePort.Next()), "--SentiMail:Tls:CertificatePath=" + certificate, "--SentiMail:Tls:KeyPath=" + key]);
        var exitCode = await host.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"The private key in '{key}' does not match the certificate in '{certificate}'", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", host.Output, StringComparison.Ordinal);
    }
}
