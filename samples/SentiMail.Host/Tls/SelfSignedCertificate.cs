using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace SentiMail.Host.Tls;

/// <summary>
/// The development certificate used when none is configured: an ECDSA P-256 certificate for <c>localhost</c>,
/// <c>127.0.0.1</c> and <c>::1</c>, valid one year, generated once into a folder and reused by later runs. The folder is
/// owner-only and the key file owner-readable only; files are written to temporary names and renamed, under a lock
/// file, so concurrent starts never see half a pair.
/// </summary>
internal static class SelfSignedCertificate
{
    public const string CertificateFileName = "localhost.crt";
    public const string KeyFileName = "localhost.key";

    /// <summary>A certificate that expires sooner than this is replaced at start.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(14);

    public static readonly TimeSpan Validity = TimeSpan.FromDays(365);

    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PublicFile = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static ServerCertificate LoadOrCreate(string directory, TimeProvider time, ILogger logger)
    {
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        try
        {
            CreateOwnerOnlyDirectory(directory);
            using var gate = AcquireLock(directory);
            var now = time.GetUtcNow();
            if (File.Exists(certificatePath) || File.Exists(keyPath))
            {
                if (PemCertificateLoader.TryLoad(certificatePath, keyPath, keyPassword: null, now, out var existing, out var error))
                {
                    if (existing.Certificate.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore)
                    {
                        RestrictKeyFile(keyPath);
                        TlsLog.SelfSignedReused(logger, certificatePath, existing.Certificate.Thumbprint, existing.Certificate.NotAfter.ToUniversalTime());
                        return existing;
                    }

                    error = $"it expires on {existing.Certificate.NotAfter.ToUniversalTime():u}.";
                }

                TlsLog.SelfSignedReplaced(logger, certificatePath, error);
            }

            Generate(certificatePath, keyPath, now);
            if (!PemCertificateLoader.TryLoad(certificatePath, keyPath, keyPassword: null, now, out var created, out var loadError))
            {
                throw new InvalidOperationException("The generated self-signed certificate cannot be loaded: " + loadError);
            }

            TlsLog.SelfSignedCreated(logger, certificatePath, keyPath, created.Certificate.NotAfter.ToUniversalTime());
            return created;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"No TLS certificate is configured and the self-signed certificate cannot be written to '{directory}': {e.Message} " +
                $"Set {SentiMailTlsOptions.SectionName}:SelfSignedCertificateDirectory to a writable folder, or configure a certificate " +
                $"({SentiMailTlsOptions.SectionName}:CertificatePath and KeyPath, or CertificateDirectory).", e);
        }
    }

    /// <summary>Creates the certificate (exposed for tests that need one without touching a folder).</summary>
    public static X509Certificate2 Create(DateTimeOffset now, string commonName = "localhost")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        if (commonName != "localhost")
        {
            names.AddDnsName(commonName);
        }

        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Validity));
    }

    private static void Generate(string certificatePath, string keyPath, DateTimeOffset now)
    {
        using var certificate = Create(now);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The generated certificate has no ECDSA key.");
        WriteAtomically(keyPath, key.ExportPkcs8PrivateKeyPem(), OwnerOnlyFile);
        WriteAtomically(certificatePath, certificate.ExportCertificatePem(), PublicFile);
    }

    private static void WriteAtomically(string path, string content, UnixFileMode mode)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        File.Delete(temporary);
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static void CreateOwnerOnlyDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }
    }

    private static void RestrictKeyFile(string keyPath)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyPath) & ~OwnerOnlyFile) != 0)
        {
            File.SetUnixFileMode(keyPath, OwnerOnlyFile);
        }
    }

    private static FileStream AcquireLock(string directory)
    {
        var path = Path.Combine(directory, ".lock");
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, options);
            }
            catch (IOException) when (attempt < 100)
            {
                // Another process is generating the certificate: wait for it (at most about 10 s).
                Thread.Sleep(100);
            }
        }
    }
}
