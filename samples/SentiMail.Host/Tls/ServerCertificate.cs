using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SentiMail.Host.Tls;

/// <summary>
/// One loaded server certificate: the certificate with its private key, the TLS context that also carries its
/// intermediate certificates, where it came from, and a hash of the source files (to tell a real change apart).
/// Immutable; the provider swaps whole instances.
/// </summary>
internal sealed class ServerCertificate(X509Certificate2 certificate, SslStreamCertificateContext context, string source, byte[] sourceHash)
{
    public X509Certificate2 Certificate { get; } = certificate;

    public SslStreamCertificateContext Context { get; } = context;

    public string Source { get; } = source;

    public ReadOnlyMemory<byte> SourceHash { get; } = sourceHash;
}
