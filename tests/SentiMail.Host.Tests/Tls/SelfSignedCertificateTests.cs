using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SentiMail.Host.Tls;

namespace SentiMail.Host.Tests.Tls;

/// <summary>With no certificate configured, one self-signed certificate is generated on first run and reused.</summary>
public sealed class SelfSignedCertificateTests
{
    private const int CreatedEvent = 7104;
    private const int ReusedEvent = 7105;
    private const int ReplacedEvent = 7106;

    [Fact]
    public async Task FirstRunGeneratesALocalhostCertificateUnderTheContentRootAndLogsItsPath()
    {
        using var root = new TempDirectory();
        await using var host = await TlsTestHost.StartAsync(root.Path);
        var certificatePath = root.Combine("data", "tls", "localhost.crt");
        var keyPath = root.Combine("data", "tls", "localhost.key");

        var presented = (await TlsProbe.HandshakeAsync(host.HttpsPort)).Certificate;

        Assert.Contains(host.Logs.Entries, e => e.Id.Id == CreatedEvent && e.Message.Contains(certificatePath, StringComparison.Ordinal));
        using var onDisk = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
        Assert.Equal(onDisk.Thumbprint, presented.Thumbprint);
        Assert.Equal("CN=localhost", presented.Subject);
        using (var key = presented.GetECDsaPublicKey())
        {
            Assert.NotNull(key);
            Assert.Equal(256, key.KeySize);
        }

        var names = presented.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        var eku = presented.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Value);
        var validity = presented.NotAfter - presented.NotBefore;
        Assert.InRange(validity.TotalDays, 365, 366);
        Assert.DoesNotContain("PRIVATE KEY", await File.ReadAllTextAsync(certificatePath), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(keyPath), StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task TheKeyFileAndFolderAreOwnerOnly()
    {
        using var root = new TempDirectory();
        await using var host = await TlsTestHost.StartAsync(root.Path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(root.Combine("data", "tls", "localhost.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root.Combine("data", "tls")));
    }

    [Fact]
    public async Task LaterRunsReuseTheSameCertificate()
    {
        using var root = new TempDirectory();
        string firstThumbprint;
        await using (var first = await TlsTestHost.StartAsync(root.Path))
        {
            firstThumbprint = (await TlsProbe.HandshakeAsync(first.HttpsPort)).Certificate.Thumbprint;
        }

        var written = File.GetLastWriteTimeUtc(root.Combine("data", "tls", "localhost.crt"));
        await using var second = await TlsTestHost.StartAsync(root.Path);

        Assert.Equal(firstThumbprint, (await TlsProbe.HandshakeAsync(second.HttpsPort)).Certificate.Thumbprint);
        Assert.True(second.Logs.Has(ReusedEvent), second.Logs.Text);
        Assert.False(second.Logs.Has(CreatedEvent), second.Logs.Text);
        Assert.Equal(written, File.GetLastWriteTimeUtc(root.Combine("data", "tls", "localhost.crt")));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task AConfiguredFolderIsUsedAndLooseKeyPermissionsAreTightened()
    {
        using var root = new TempDirectory();
        var folder = root.Combine("state", "certs");
        await using (await TlsTestHost.StartAsync(root.Path, new Dictionary<string, string?> { ["SentiMail:Tls:SelfSignedCertificateDirectory"] = folder }))
        {
            Assert.True(File.Exists(Path.Combine(folder, "localhost.key")));
            Assert.False(Directory.Exists(root.Combine("data")));
        }

        File.SetUnixFileMode(Path.Combine(folder, "localhost.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var again = await TlsTestHost.StartAsync(root.Path, new Dictionary<string, string?> { ["SentiMail:Tls:SelfSignedCertificateDirectory"] = folder });

        Assert.True(again.Logs.Has(ReusedEvent), again.Logs.Text);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "localhost.key")));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("key-missing")]
    [InlineData("other-key")]
    public async Task ABrokenStoredCertificateIsReplacedAndTheReasonLogged(string damage)
    {
        using var root = new TempDirectory();
        string firstThumbprint;
        await using (var first = await TlsTestHost.StartAsync(root.Path))
        {
            firstThumbprint = first.Certificates.Current.Certificate.Thumbprint;
        }

        var keyPath = root.Combine("data", "tls", "localhost.key");
        switch (damage)
        {
            case "garbage":
                await File.WriteAllTextAsync(root.Combine("data", "tls", "localhost.crt"), "-----BEGIN CERTIFICATE-----\n@@@\n");
                break;
            case "key-missing":
                File.Delete(keyPath);
                break;
            default:
                using (var other = TestPki.CreateServer("other.sentimail.test"))
                {
                    await File.WriteAllTextAsync(keyPath, TestPki.KeyPem(other));
                }

                break;
        }

        await using var second = await TlsTestHost.StartAsync(root.Path);

        Assert.True(second.Logs.Has(ReplacedEvent), second.Logs.Text);
        Assert.True(second.Logs.Has(CreatedEvent), second.Logs.Text);
        var presented = (await TlsProbe.HandshakeAsync(second.HttpsPort)).Certificate;
        Assert.NotEqual(firstThumbprint, presented.Thumbprint);
        Assert.Equal("CN=localhost", presented.Subject);
    }

    [Fact]
    public void ACertificateCloseToExpiryIsRenewed()
    {
        using var root = new TempDirectory();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var first = SelfSignedCertificate.LoadOrCreate(root.Path, time, NullLogger.Instance);

        time.Advance(TimeSpan.FromDays(300));
        var reused = SelfSignedCertificate.LoadOrCreate(root.Path, time, NullLogger.Instance);
        time.Advance(TimeSpan.FromDays(60));
        var renewed = SelfSignedCertificate.LoadOrCreate(root.Path, time, NullLogger.Instance);

        Assert.Equal(first.Certificate.Thumbprint, reused.Certificate.Thumbprint);
        Assert.NotEqual(first.Certificate.Thumbprint, renewed.Certificate.Thumbprint);
        Assert.True(renewed.Certificate.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(360));
    }

    [Fact]
    public async Task ConcurrentFirstStartsAgreeOnOneCertificate()
    {
        using var root = new TempDirectory();

        var thumbprints = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            SelfSignedCertificate.LoadOrCreate(root.Path, TimeProvider.System, NullLogger.Instance).Certificate.Thumbprint)));

        Assert.Single(thumbprints.Distinct());
    }

    [Fact]
    public async Task AnUnwritableFolderStopsTheStartWithAClearMessage()
    {
        using var root = new TempDirectory();
        var blocked = root.Combine("not-a-folder");
        await File.WriteAllTextAsync(blocked, "a file where the folder should be");

        var error = await TlsTestHost.StartFailingAsync(root.Path, new Dictionary<string, string?>
        {
            ["SentiMail:Tls:SelfSignedCertificateDirectory"] = Path.Combine(blocked, "tls"),
        });

        var message = Flatten(error);
        Assert.Contains("self-signed certificate cannot be written", message, StringComparison.Ordinal);
        Assert.Contains("SelfSignedCertificateDirectory", message, StringComparison.Ordinal);
    }

    internal static string Flatten(Exception error)
    {
        var text = new System.Text.StringBuilder();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            text.AppendLine(e.Message);
        }

        return text.ToString();
    }
}
