using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SentiMail.Host.Tests.Tls;

/// <summary>Makes certificates for the tests: a CA, server certificates it issues, and the broken kinds.</summary>
internal static class TestPki
{
    private static readonly Lazy<X509Certificate2> s_ca = new(() => CreateCa("CN=SentiMail Test CA"));

    public static X509Certificate2 Ca => s_ca.Value;

    public static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddYears(-1), now.AddYears(5));
    }

    /// <summary>A server certificate for <paramref name="name"/> issued by <see cref="Ca"/> (ECDSA unless <paramref name="rsa"/>).</summary>
    public static X509Certificate2 CreateServer(string name, bool rsa = false, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null,
        string eku = "1.3.6.1.5.5.7.3.1", X509Certificate2? issuer = null)
    {
        issuer ??= Ca;
        AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (key)
        {
            var request = rsa
                ? new CertificateRequest("CN=" + name, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest("CN=" + name, (ECDsa)key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], false));
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(name);
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            var now = TimeProvider.System.GetUtcNow();
            var serial = RandomNumberGenerator.GetBytes(12);
            using var issuerKey = issuer.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The test issuers use ECDSA keys.");
            using var issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey),
                notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(90), serial);
            return rsa ? issued.CopyWithPrivateKey((RSA)key) : issued.CopyWithPrivateKey((ECDsa)key);
        }
    }

    public static string KeyPem(X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("No private key.");
        return key.ExportPkcs8PrivateKeyPem();
    }

    public static string EncryptedKeyPem(X509Certificate2 certificate, string password)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("No private key.");
        return key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));
    }

    /// <summary>Writes the certificate (then <paramref name="chain"/>) and its key as PEM files; returns their paths.</summary>
    public static (string Certificate, string Key) Write(X509Certificate2 certificate, string directory, string name = "server",
        params X509Certificate2[] chain)
    {
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n" + string.Concat(chain.Select(c => c.ExportCertificatePem() + "\n")));
        File.WriteAllText(keyPath, KeyPem(certificate));
        return (certificatePath, keyPath);
    }
}
