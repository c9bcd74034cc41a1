using Microsoft.Extensions.Options;

namespace SentiMail.Host.Tests.Tls;

/// <summary>Invalid TLS configuration stops the host at start, with a message naming the setting or file.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private async Task<string> StartFailingAsync(Dictionary<string, string?> settings)
    {
        var error = await TlsTestHost.StartFailingAsync(_root.Path, settings);
        Assert.IsType<OptionsValidationException>(error);
        return SelfSignedCertificateTests.Flatten(error);
    }

    [Fact]
    public async Task AMissingKeyFileIsReported()
    {
        using var server = TestPki.CreateServer("a.sentimail.test");
        var (certificate, _) = TestPki.Write(server, _root.Path);

        var message = await StartFailingAsync(new() { ["SentiMail:Tls:CertificatePath"] = certificate, ["SentiMail:Tls:KeyPath"] = "missing.key" });

        Assert.Contains($"The private key file '{_root.Combine("missing.key")}' does not exist.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingCertificateFileIsReported()
    {
        var message = await StartFailingAsync(new() { ["SentiMail:Tls:CertificatePath"] = "nowhere/server.crt" });

        Assert.Contains($"The certificate file '{_root.Combine("nowhere", "server.crt")}' does not exist.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AKeyOfAnotherCertificateIsReported(bool otherAlgorithm)
    {
        using var server = TestPki.CreateServer("a.sentimail.test");
        using var other = TestPki.CreateServer("b.sentimail.test", rsa: otherAlgorithm);
        var (certificate, key) = TestPki.Write(server, _root.Path);
        await File.WriteAllTextAsync(key, TestPki.KeyPem(other));

        var message = await StartFailingAsync(new() { ["SentiMail:Tls:CertificatePath"] = certificate, ["SentiMail:Tls:KeyPath"] = key });

        Assert.Contains($"The private key in '{key}' does not match the certificate in '{certificate}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingSecretFolderIsReported()
    {
        var message = await StartFailingAsync(new() { ["SentiMail:Tls:CertificateDirectory"] = "/nonexistent/secret" });

        Assert.Contains("CertificateDirectory '/nonexistent/secret' does not exist", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecretFolderWithoutTheKeyIsReported()
    {
        using var server = TestPki.CreateServer("a.sentimail.test");
        var secret = _root.Combine("secret");
        Directory.CreateDirectory(secret);
        await File.WriteAllTextAsync(Path.Combine(secret, "tls.crt"), server.ExportCertificatePem());

        var message = await StartFailingAsync(new() { ["SentiMail:Tls:CertificateDirectory"] = secret });

        Assert.Contains($"'{Path.Combine(secret, "tls.key")}' does not exist", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredCertificateIsReported()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var server = TestPki.CreateServer("a.sentimail.test", notBefore: now.AddDays(-60), notAfter: now.AddDays(-2));
        var (certificate, key) = TestPki.Write(server, _root.Path);

        var message = await StartFailingAsync(new() { ["SentiMail:Tls:CertificatePath"] = certificate, ["SentiMail:Tls:KeyPath"] = key });

        Assert.Contains("expired on", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientOnlyCertificateIsReported()
    {
        using var server = TestPki.CreateServer("a.sentimail.test", eku: "1.3.6.1.5.5.7.3.2");
        var (certificate, key) = TestPki.Write(server, _root.Path);

        var message = await StartFailingAsync(new() { ["SentiMail:Tls:CertificatePath"] = certificate, ["SentiMail:Tls:KeyPath"] = key });

        Assert.Contains("not valid for server authentication", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryProblemIsListedAtOnce()
    {
        var message = await StartFailingAsync(new()
        {
            ["SentiMail:Tls:CertificatePath"] = "a.crt",
            ["SentiMail:Tls:CertificateDirectory"] = "secret",
            ["SentiMail:Tls:HttpsPort"] = "70000",
            ["SentiMail:Tls:ListenAddress"] = "example.org",
        });

        Assert.Contains("either CertificatePath or CertificateDirectory", message, StringComparison.Ordinal);
        Assert.Contains("HttpsPort must be from 1 to 65535", message, StringComparison.Ordinal);
        Assert.Contains("ListenAddress 'example.org' is not an IP address", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEncryptedKeyNeedsItsPassword()
    {
        using var server = TestPki.CreateServer("a.sentimail.test");
        var (certificate, key) = TestPki.Write(server, _root.Path);
        await File.WriteAllTextAsync(key, TestPki.EncryptedKeyPem(server, "correct horse"));

        var missing = await StartFailingAsync(new() { ["SentiMail:Tls:CertificatePath"] = certificate, ["SentiMail:Tls:KeyPath"] = key });
        var wrong = await StartFailingAsync(new() { ["SentiMail:Tls:CertificatePath"] = certificate, ["SentiMail:Tls:KeyPath"] = key, ["SentiMail:Tls:KeyPassword"] = "battery staple" });
        await using var host = await TlsTestHost.StartAsync(_root.Path, new Dictionary<string, string?>
        {
            ["SentiMail:Tls:CertificatePath"] = certificate,
            ["SentiMail:Tls:KeyPath"] = key,
            ["SentiMail:Tls:KeyPassword"] = "correct horse",
        });

        Assert.Contains("is encrypted: set KeyPassword", missing, StringComparison.Ordinal);
        Assert.Contains("cannot be decrypted with KeyPassword", wrong, StringComparison.Ordinal);
        Assert.Equal(server.Thumbprint, (await TlsProbe.HandshakeAsync(host.HttpsPort)).Certificate.Thumbprint);
    }

    [Fact]
    public async Task ACombinedPemFileWithCertificateAndKeyWorks()
    {
        using var server = TestPki.CreateServer("a.sentimail.test", rsa: true);
        var combined = _root.Combine("combined.pem");
        await File.WriteAllTextAsync(combined, TestPki.KeyPem(server) + "\n" + server.ExportCertificatePem());

        await using var host = await TlsTestHost.StartAsync(_root.Path, new Dictionary<string, string?> { ["SentiMail:Tls:CertificatePath"] = "combined.pem" });

        Assert.Equal(server.Thumbprint, (await TlsProbe.HandshakeAsync(host.HttpsPort)).Certificate.Thumbprint);
        Assert.False(Directory.Exists(_root.Combine("data")), "no self-signed certificate when one is configured");
    }
}
