using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SentiMail.Deploy.Tests.Nginx;

/// <summary>A Kestrel HTTPS server (TLS 1.3 only, like the host) on 127.0.0.1 that answers with what it received:
/// its name, the peer address, Host, X-Forwarded-For, X-Forwarded-Proto and the number of body bytes.</summary>
internal sealed class EchoUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoUpstream(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<EchoUpstream> StartAsync(string name, int port, X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = null;
            o.Listen(IPAddress.Loopback, port, l => l.UseHttps(certificate, h => h.SslProtocols = SslProtocols.Tls13));
        });
        var app = builder.Build();
        app.Run(async context =>
        {
            long length = 0;
            var buffer = new byte[81920];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                length += read;
            }

            var request = context.Request;
            await context.Response.WriteAsJsonAsync(new EchoReply(
                name,
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                request.Host.Value ?? "",
                request.Headers["X-Forwarded-For"].ToString(),
                request.Headers["X-Forwarded-Proto"].ToString(),
                request.Method,
                length), context.RequestAborted);
        });
        await app.StartAsync();
        return new EchoUpstream(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record EchoReply(string Upstream, string Peer, string Host, string ForwardedFor, string ForwardedProto, string Method, long BodyBytes);
