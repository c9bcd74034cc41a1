using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace SentiMail.Host.Tests.Tls;

/// <summary>Real TLS clients: a raw handshake that reports what the server presented, and HttpClient.</summary>
internal static class TlsProbe
{
    public sealed record Handshake(X509Certificate2 Certificate, SslProtocols Protocol, IReadOnlyList<X509Certificate2> Chain);

    /// <summary>Completes a TLS handshake with 127.0.0.1:<paramref name="port"/>, trusting whatever is presented.</summary>
    public static async Task<Handshake> HandshakeAsync(int port, SslProtocols protocols = SslProtocols.None, string serverName = "localhost")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var chain = new List<X509Certificate2>();
        await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, _, presented, _) =>
            {
                if (presented is not null)
                {
                    chain.AddRange(presented.ChainElements.Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData)));
                }

                return true;
            },
        });
        var remote = ssl.RemoteCertificate ?? throw new InvalidOperationException("No certificate presented.");
        return new Handshake(X509CertificateLoader.LoadCertificate(remote.GetRawCertData()), ssl.SslProtocol, chain);
    }

    /// <summary>Returns the thumbprint presented now, or null when the handshake fails.</summary>
    public static async Task<string?> TryThumbprintAsync(int port)
    {
        try
        {
            return (await HandshakeAsync(port)).Certificate.Thumbprint;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException)
        {
            return null;
        }
    }

    /// <summary>Polls the handshake until the server presents <paramref name="thumbprint"/>.</summary>
    public static async Task WaitForCertificateAsync(int port, string thumbprint, int timeoutSeconds = 15)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (timeoutSeconds * TimeProvider.System.TimestampFrequency);
        string? last = null;
        while (TimeProvider.System.GetTimestamp() < deadline)
        {
            last = await TryThumbprintAsync(port);
            if (last == thumbprint)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The server still presents {last} instead of {thumbprint} after {timeoutSeconds} s.");
    }

    /// <summary>An HttpClient limited to <paramref name="protocols"/> that trusts the server's certificate and does not
    /// follow redirects.</summary>
    public static HttpClient Client(SslProtocols protocols = SslProtocols.None)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = static (_, certificate, _, _) => certificate is not null,
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
    }
}
