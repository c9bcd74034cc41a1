using System.Text;
using SentiMail.Host.Tls;

namespace SentiMail.Host.Tests.Tls;

/// <summary>Hostile and broken certificate files are refused with a reason, never by an exception.</summary>
public sealed class PemCertificateLoaderTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly DateTimeOffset _now = TimeProvider.System.GetUtcNow();

    public void Dispose() => _root.Dispose();

    private string Load(byte[] certificate, byte[]? key)
    {
        var ok = PemCertificateLoader.TryCreate(certificate, "c.pem", key, key is null ? null : "k.pem", null, _now, out var loaded, out var error);
        Assert.False(ok, "loaded " + loaded?.Certificate.Subject);
        Assert.Null(loaded);
        return error!;
    }

    public static TheoryData<string, string> BrokenCertificates() => new()
    {
        { "", "holds no PEM 'CERTIFICATE' block" },
        { "hello", "holds no PEM 'CERTIFICATE' block" },
        { "-----BEGIN CERTIFICATE-----\n", "holds no PEM 'CERTIFICATE' block" },
        { "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "malformed PEM certificate" },
        { "-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----\n", "holds no PEM 'CERTIFICATE' block" },
        { "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "holds no PEM 'CERTIFICATE' block" },
    };

    [Theory]
    [MemberData(nameof(BrokenCertificates))]
    public void BrokenCertificateFilesAreRefused(string content, string expected)
    {
        using var server = TestPki.CreateServer("a.sentimail.test");

        var error = Load(Encoding.ASCII.GetBytes(content), Encoding.ASCII.GetBytes(TestPki.KeyPem(server)));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedCertificateIsRefused()
    {
        using var server = TestPki.CreateServer("a.sentimail.test");
        var pem = server.ExportCertificatePem();

        var error = Load(Encoding.ASCII.GetBytes(pem[..(pem.Length / 2)]), Encoding.ASCII.GetBytes(TestPki.KeyPem(server)));

        Assert.Contains("'c.pem'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BinaryNoiseIsRefused()
    {
        var noise = new byte[4096];
        new Random(5).NextBytes(noise);

        Assert.Contains("holds no PEM", Load(noise, noise), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    public void KeysThatAreMissingOrBrokenAreRefused(string key)
    {
        using var server = TestPki.CreateServer("a.sentimail.test");

        var error = Load(Encoding.ASCII.GetBytes(server.ExportCertificatePem()), Encoding.ASCII.GetBytes(key));

        Assert.Contains("'k.pem'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ACertificateFileWithoutAKeyAndNoKeyPathIsRefused()
    {
        using var server = TestPki.CreateServer("a.sentimail.test");

        var error = Load(Encoding.ASCII.GetBytes(server.ExportCertificatePem()), null);

        Assert.Contains("holds no PEM private key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileLargerThanTheLimitIsNotRead()
    {
        var path = _root.Combine("huge.pem");
        using (var stream = File.Create(path))
        {
            stream.SetLength(PemCertificateLoader.MaxFileBytes + 1);
        }

        Assert.False(PemCertificateLoader.TryRead(path, "certificate", out var bytes, out var error));
        Assert.Null(bytes);
        Assert.Contains("is larger than", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderInsteadOfAFileIsRefused()
    {
        Assert.False(PemCertificateLoader.TryLoad(_root.Path, null, null, _now, out _, out var error));

        Assert.Contains(_root.Path, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCertificateIsTheFirstBlockAndTheRestIsItsChain()
    {
        using var server = TestPki.CreateServer("a.sentimail.test");
        var (certificate, key) = TestPki.Write(server, _root.Path, "server", TestPki.Ca);

        Assert.True(PemCertificateLoader.TryLoad(certificate, key, null, _now, out var loaded, out var error), error);

        Assert.Equal(server.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal($"{certificate} + {key}", loaded.Source);
    }
}
