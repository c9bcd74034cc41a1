using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SentiMail.Host.Tls;

/// <summary>
/// Loads a server certificate and its private key from PEM files and checks that they can serve TLS: the key matches
/// the certificate, the certificate may be used for server authentication and has not expired. A failure is returned
/// as one sentence naming the file and the problem, never thrown.
/// </summary>
internal static class PemCertificateLoader
{
    /// <summary>The largest certificate or key file read (a certificate chain is a few kilobytes).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    public static bool TryLoad(string certificatePath, string? keyPath, string? keyPassword, DateTimeOffset now,
        [NotNullWhen(true)] out ServerCertificate? certificate, [NotNullWhen(false)] out string? error)
    {
        certificate = null;
        if (!TryRead(certificatePath, "certificate", out var certificateBytes, out error))
        {
            return false;
        }

        byte[]? keyBytes = null;
        if (keyPath is not null && !TryRead(keyPath, "private key", out keyBytes, out error))
        {
            return false;
        }

        return TryCreate(certificateBytes, certificatePath, keyBytes, keyPath, keyPassword, now, out certificate, out error);
    }

    /// <summary>Hashes the bytes of the certificate and key files, to recognise files that did not change.</summary>
    public static byte[] HashSources(byte[] certificateBytes, byte[]? keyBytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(certificateBytes);
        hash.AppendData("\n--key--\n"u8);
        if (keyBytes is not null)
        {
            hash.AppendData(keyBytes);
        }

        return hash.GetHashAndReset();
    }

    public static bool TryRead(string path, string what, [NotNullWhen(true)] out byte[]? bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length > MaxFileBytes)
            {
                error = $"The {what} file '{path}' is larger than {MaxFileBytes} bytes.";
                return false;
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            error = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e is FileNotFoundException or DirectoryNotFoundException
                ? $"The {what} file '{path}' does not exist."
                : $"The {what} file '{path}' cannot be read: {e.Message}";
            return false;
        }
    }

    public static bool TryCreate(byte[] certificateBytes, string certificatePath, byte[]? keyBytes, string? keyPath, string? keyPassword,
        DateTimeOffset now, [NotNullWhen(true)] out ServerCertificate? certificate, [NotNullWhen(false)] out string? error)
    {
        certificate = null;
        var keySource = keyPath ?? certificatePath;
        var certificatePem = Encoding.ASCII.GetString(certificateBytes);
        var keyPem = keyBytes is null ? certificatePem : Encoding.ASCII.GetString(keyBytes);

        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(certificatePem);
        }
        catch (CryptographicException e)
        {
            error = $"The certificate file '{certificatePath}' holds a malformed PEM certificate: {e.Message}";
            return false;
        }

        if (all.Count == 0)
        {
            error = $"The certificate file '{certificatePath}' holds no PEM 'CERTIFICATE' block.";
            return false;
        }

        var leaf = all[0];
        if (!TryFindPrivateKey(keyPem, out var keyLabel, out var keyText))
        {
            error = $"The private key file '{keySource}' holds no PEM private key ('PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY' or 'EC PRIVATE KEY').";
            return false;
        }

        var encrypted = keyLabel == "ENCRYPTED PRIVATE KEY";
        if (encrypted && keyPassword is null)
        {
            error = $"The private key in '{keySource}' is encrypted: set KeyPassword.";
            return false;
        }

        X509Certificate2 withKey;
        try
        {
            if (!TryAttachKey(leaf, keyText, encrypted ? keyPassword : null, out var attached, out var problem))
            {
                error = problem switch
                {
                    KeyProblem.Mismatch => $"The private key in '{keySource}' does not match the certificate in '{certificatePath}'.",
                    KeyProblem.Algorithm => $"The certificate in '{certificatePath}' uses a key algorithm other than RSA or ECDSA.",
                    _ => $"The private key in '{keySource}' cannot be read.",
                };
                return false;
            }

            withKey = attached;
        }
        catch (CryptographicException e)
        {
            error = encrypted
                ? $"The private key in '{keySource}' cannot be decrypted with KeyPassword or is malformed: {e.Message}"
                : $"The private key in '{keySource}' does not match the certificate in '{certificatePath}' or is malformed: {e.Message}";
            return false;
        }
        catch (ArgumentException e)
        {
            error = $"The private key in '{keySource}' does not match the certificate in '{certificatePath}' or is malformed: {e.Message}";
            return false;
        }

        if (!IsAllowedForServerAuthentication(withKey))
        {
            error = $"The certificate in '{certificatePath}' is not valid for server authentication (its extended key usage lacks serverAuth).";
            return false;
        }

        if (withKey.NotAfter.ToUniversalTime() <= now.UtcDateTime)
        {
            error = $"The certificate in '{certificatePath}' expired on {withKey.NotAfter.ToUniversalTime():u}.";
            return false;
        }

        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            intermediates.Add(all[i]);
        }

        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use an ephemeral key: give it a persisted copy.
            withKey = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }

        var context = SslStreamCertificateContext.Create(withKey, intermediates, offline: true);
        var source = keyPath is null ? certificatePath : certificatePath + " + " + keyPath;
        certificate = new ServerCertificate(withKey, context, source, HashSources(certificateBytes, keyBytes));
        error = null;
        return true;
    }

    private enum KeyProblem
    {
        None,
        Mismatch,
        Algorithm,
    }

    private static bool TryFindPrivateKey(string pem, [NotNullWhen(true)] out string? label, [NotNullWhen(true)] out string? text)
    {
        var rest = pem.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var found = rest.Span[fields.Label].ToString();
            if (found is "PRIVATE KEY" or "ENCRYPTED PRIVATE KEY" or "RSA PRIVATE KEY" or "EC PRIVATE KEY")
            {
                label = found;
                text = rest.Span[fields.Location].ToString();
                return true;
            }

            rest = rest[fields.Location.End..];
        }

        label = null;
        text = null;
        return false;
    }

    private static bool TryAttachKey(X509Certificate2 leaf, string keyText, string? password,
        [NotNullWhen(true)] out X509Certificate2? attached, out KeyProblem problem)
    {
        attached = null;
        var expected = leaf.PublicKey.ExportSubjectPublicKeyInfo();
        using (var certificateRsa = leaf.GetRSAPublicKey())
        {
            if (certificateRsa is not null)
            {
                using var rsa = RSA.Create();
                Import(rsa, keyText, password);
                if (!rsa.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(expected))
                {
                    problem = KeyProblem.Mismatch;
                    return false;
                }

                attached = leaf.CopyWithPrivateKey(rsa);
                problem = KeyProblem.None;
                return true;
            }
        }

        using (var certificateEcdsa = leaf.GetECDsaPublicKey())
        {
            if (certificateEcdsa is not null)
            {
                using var ecdsa = ECDsa.Create();
                Import(ecdsa, keyText, password);
                if (!ecdsa.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(expected))
                {
                    problem = KeyProblem.Mismatch;
                    return false;
                }

                attached = leaf.CopyWithPrivateKey(ecdsa);
                problem = KeyProblem.None;
                return true;
            }
        }

        problem = KeyProblem.Algorithm;
        return false;
    }

    private static void Import(AsymmetricAlgorithm key, string keyText, string? password)
    {
        if (password is null)
        {
            key.ImportFromPem(keyText);
        }
        else
        {
            key.ImportFromEncryptedPem(keyText, password);
        }
    }

    private static bool IsAllowedForServerAuthentication(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension usage)
            {
                foreach (var oid in usage.EnhancedKeyUsages)
                {
                    if (oid.Value == ServerAuthenticationOid)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return true;
    }
}
