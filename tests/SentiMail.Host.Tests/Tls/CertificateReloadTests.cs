using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SentiMail.Host.Tls;

namespace SentiMail.Host.Tests.Tls;

/// <summary>The configured certificate is reloaded when its files change; unusable files keep the old one.</summary>
public sealed class CertificateReloadTests
{
    private const int ReloadedEvent = 7102;
    private const int ReloadFailedEvent = 7103;

    private static Dictionary<string, string?> Files(string certificate, string key) => new()
    {
        ["SentiMail:Tls:CertificatePath"] = certificate,
        ["SentiMail:Tls:KeyPath"] = key,
        ["SentiMail:Tls:ReloadDelay"] = "00:00:00.050",
    };

    [Fact]
    public async Task NewPemFilesArePresentedByTheNextHandshake()
    {
        using var root = new TempDirectory();
        using var first = TestPki.CreateServer("first.sentimail.test");
        using var second = TestPki.CreateServer("second.sentimail.test", rsa: true);
        var (certificate, key) = TestPki.Write(first, root.Path);
        await using var host = await TlsTestHost.StartAsync(root.Path, Files(certificate, key));
        Assert.Equal(first.Thumbprint, (await TlsProbe.HandshakeAsync(host.HttpsPort)).Certificate.Thumbprint);

        TestPki.Write(second, root.Path);

        await TlsProbe.WaitForCertificateAsync(host.HttpsPort, second.Thumbprint);
        await host.Logs.WaitForAsync(ReloadedEvent);
        Assert.Contains(second.Thumbprint, host.Logs.Entries.First(e => e.Id.Id == ReloadedEvent).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageFilesKeepTheOldCertificateAndAreLogged()
    {
        using var root = new TempDirectory();
        using var first = TestPki.CreateServer("first.sentimail.test");
        var (certificate, key) = TestPki.Write(first, root.Path);
        await using var host = await TlsTestHost.StartAsync(root.Path, Files(certificate, key));

        await File.WriteAllTextAsync(certificate, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        await host.Logs.WaitForAsync(ReloadFailedEvent, "holds no PEM 'CERTIFICATE' block");

        Assert.Equal(first.Thumbprint, (await TlsProbe.HandshakeAsync(host.HttpsPort)).Certificate.Thumbprint);

        var failures = host.Logs.Count(ReloadFailedEvent);
        await File.WriteAllBytesAsync(certificate, [0, 1, 2, 0xFF, 0xFE]);
        await File.WriteAllTextAsync(key, "");
        await host.Logs.WaitForAsync(ReloadFailedEvent, count: failures + 1);
        Assert.Equal(first.Thumbprint, (await TlsProbe.HandshakeAsync(host.HttpsPort)).Certificate.Thumbprint);
    }

    [Fact]
    public async Task AHalfWrittenPairKeepsTheOldCertificateUntilTheKeyArrives()
    {
        using var root = new TempDirectory();
        using var first = TestPki.CreateServer("first.sentimail.test");
        using var second = TestPki.CreateServer("second.sentimail.test");
        var (certificate, key) = TestPki.Write(first, root.Path);
        await using var host = await TlsTestHost.StartAsync(root.Path, Files(certificate, key));

        // The new certificate lands first, its key a moment later (as a copy of two files does). The watcher may also
        // see the certificate file emptied before it is written (and refuse that too): wait for the mismatch itself.
        await File.WriteAllTextAsync(certificate, second.ExportCertificatePem());
        await host.Logs.WaitForAsync(ReloadFailedEvent, "does not match");
        Assert.Equal(first.Thumbprint, (await TlsProbe.HandshakeAsync(host.HttpsPort)).Certificate.Thumbprint);

        await File.WriteAllTextAsync(key, TestPki.KeyPem(second));

        await TlsProbe.WaitForCertificateAsync(host.HttpsPort, second.Thumbprint);
    }

    [Fact]
    public async Task DeletedFilesKeepTheOldCertificate()
    {
        using var root = new TempDirectory();
        using var first = TestPki.CreateServer("first.sentimail.test");
        var (certificate, key) = TestPki.Write(first, root.Path);
        await using var host = await TlsTestHost.StartAsync(root.Path, Files(certificate, key));

        File.Delete(key);
        await host.Logs.WaitForAsync(ReloadFailedEvent, "does not exist");

        Assert.Equal(first.Thumbprint, (await TlsProbe.HandshakeAsync(host.HttpsPort)).Certificate.Thumbprint);
    }

    [Fact]
    public async Task AnExpiredReplacementKeepsTheOldCertificate()
    {
        using var root = new TempDirectory();
        using var first = TestPki.CreateServer("first.sentimail.test");
        var now = TimeProvider.System.GetUtcNow();
        using var expired = TestPki.CreateServer("expired.sentimail.test", notBefore: now.AddDays(-30), notAfter: now.AddDays(-1));
        var (certificate, key) = TestPki.Write(first, root.Path);
        await using var host = await TlsTestHost.StartAsync(root.Path, Files(certificate, key));

        // The pair is written one file after the other: a mismatch may be logged first; wait for the expiry itself.
        TestPki.Write(expired, root.Path);
        await host.Logs.WaitForAsync(ReloadFailedEvent, "expired");

        Assert.Equal(first.Thumbprint, (await TlsProbe.HandshakeAsync(host.HttpsPort)).Certificate.Thumbprint);
    }

    [Fact]
    public async Task AKubernetesSecretSwapIsPickedUp()
    {
        // A mounted secret: tls.crt and tls.key are links into ..data, itself a link to a timestamped folder that the
        // kubelet replaces by renaming a new ..data link over the old one.
        using var root = new TempDirectory();
        using var first = TestPki.CreateServer("first.sentimail.test");
        using var second = TestPki.CreateServer("second.sentimail.test");
        var secret = root.Combine("secret");
        Directory.CreateDirectory(secret);
        WriteSecretVersion(secret, "..2026_11_24_01_00_00.1", first);
        File.CreateSymbolicLink(Path.Combine(secret, "..data"), "..2026_11_24_01_00_00.1");
        File.CreateSymbolicLink(Path.Combine(secret, "tls.crt"), "..data/tls.crt");
        File.CreateSymbolicLink(Path.Combine(secret, "tls.key"), "..data/tls.key");
        await using var host = await TlsTestHost.StartAsync(root.Path, new Dictionary<string, string?>
        {
            ["SentiMail:Tls:CertificateDirectory"] = "secret",
            ["SentiMail:Tls:ReloadDelay"] = "00:00:00.050",
        });
        Assert.Equal(first.Thumbprint, (await TlsProbe.HandshakeAsync(host.HttpsPort)).Certificate.Thumbprint);

        WriteSecretVersion(secret, "..2026_11_24_02_00_00.2", second);
        File.CreateSymbolicLink(Path.Combine(secret, "..data_tmp"), "..2026_11_24_02_00_00.2");
        await RenameOverAsync(Path.Combine(secret, "..data_tmp"), Path.Combine(secret, "..data"));

        await TlsProbe.WaitForCertificateAsync(host.HttpsPort, second.Thumbprint);
    }

    [Fact]
    public async Task IntermediateCertificatesOfThePemFileAreSent()
    {
        using var root = new TempDirectory();
        using var intermediate = CreateIntermediate();
        using var leaf = TestPki.CreateServer("chain.sentimail.test", issuer: intermediate);
        var (certificate, key) = TestPki.Write(leaf, root.Path, "server", intermediate);
        var caFile = root.Combine("ca.pem");
        await File.WriteAllTextAsync(caFile, TestPki.Ca.ExportCertificatePem());
        await using var host = await TlsTestHost.StartAsync(root.Path, Files(certificate, key));

        // openssl knows only the root: verification succeeds only if the server sends the intermediate.
        var result = await OpenSsl.SClientAsync(host.HttpsPort, "-tls1_3", "-CAfile", caFile, "-verify_return_error",
            "-verify_hostname", "chain.sentimail.test", "-servername", "chain.sentimail.test", "-showcerts");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Verify return code: 0 (ok)", result.Output, StringComparison.Ordinal);
        Assert.Contains("CN = SentiMail Test Intermediate", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeriodicCheckReloadsWithoutNotificationsAndIgnoresUnchangedFiles()
    {
        using var root = new TempDirectory();
        using var first = TestPki.CreateServer("first.sentimail.test");
        using var second = TestPki.CreateServer("second.sentimail.test");
        var (certificate, key) = TestPki.Write(first, root.Path);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var options = new SentiMailTlsOptions
        {
            CertificatePath = certificate,
            KeyPath = key,
            ReloadDelay = TimeSpan.FromSeconds(5),
            ReloadPollInterval = TimeSpan.FromMinutes(1),
        };
        using var provider = ServerCertificateProvider.Create(options, root.Path, time, NullLogger.Instance);

        Assert.False(provider.TryReload());
        TestPki.Write(second, root.Path);
        Assert.Equal(first.Thumbprint, provider.Current.Certificate.Thumbprint);

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(second.Thumbprint, provider.Current.Certificate.Thumbprint);
        var current = provider.Current;
        File.SetLastWriteTimeUtc(certificate, time.GetUtcNow().UtcDateTime.AddMinutes(1));
        Assert.False(provider.TryReload());
        Assert.Same(current, provider.Current);
    }

    /// <summary>Renames a link over another in one rename(2), as the kubelet does (File.Move follows links to folders).</summary>
    private static async Task RenameOverAsync(string source, string destination)
    {
        using var mv = System.Diagnostics.Process.Start("mv", ["-T", "-f", source, destination]);
        await mv.WaitForExitAsync();
        Assert.Equal(0, mv.ExitCode);
    }

    private static void WriteSecretVersion(string secret, string version, X509Certificate2 certificate)
    {
        var folder = Path.Combine(secret, version);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tls.key"), TestPki.KeyPem(certificate));
    }

    private static X509Certificate2 CreateIntermediate()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=SentiMail Test Intermediate", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = TimeProvider.System.GetUtcNow();
        using var issued = request.Create(TestPki.Ca, now.AddDays(-1), now.AddYears(1), [1, 2, 3, 4]);
        return issued.CopyWithPrivateKey(key);
    }
}
