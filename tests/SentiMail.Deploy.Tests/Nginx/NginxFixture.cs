using System.Security.Cryptography.X509Certificates;
using SentiMail.Deploy.Tests.Infrastructure;

namespace SentiMail.Deploy.Tests.Nginx;

/// <summary>Two HTTPS echo upstreams and the certificate they present (name sentimail.internal, as the config
/// expects), shared by the nginx tests.</summary>
public sealed class NginxFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sentimail-upstream-").FullName;

    internal string UpstreamCertificatePath => Path.Combine(_directory, "upstream.pem");

    internal EchoUpstream A { get; private set; } = null!;

    internal EchoUpstream B { get; private set; } = null!;

    internal NginxSite Site { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var key = Path.Combine(_directory, "upstream.key");
        await OpenSsl.SelfSignedAsync(UpstreamCertificatePath, key, "sentimail.internal", "DNS:sentimail.internal");
        using var pem = X509Certificate2.CreateFromPemFile(UpstreamCertificatePath, key);
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        A = await EchoUpstream.StartAsync("a", FreePort.Next(), certificate);
        B = await EchoUpstream.StartAsync("b", FreePort.Next(), certificate);
        Site = await NginxSite.CreateAsync([A.Port, B.Port], UpstreamCertificatePath);
        await Site.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Site is not null)
        {
            await Site.DisposeAsync();
        }

        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
