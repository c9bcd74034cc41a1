using System.Net;
using Microsoft.AspNetCore.Builder;

namespace SentiMail.AspNetCore.Tests.Protection;

/// <summary>Sets the TCP peer address from the <c>X-Test-Peer</c> header (default 203.0.113.1), as a socket would.
/// Must be the first middleware.</summary>
internal static class PeerAddress
{
    public const string Header = "X-Test-Peer";
    public static readonly IPAddress Default = IPAddress.Parse("203.0.113.1");

    public static void Use(WebApplication app) => app.Use((context, next) =>
    {
        var peer = context.Request.Headers[Header].ToString();
        context.Connection.RemoteIpAddress = peer.Length == 0 ? Default : IPAddress.Parse(peer);
        context.Request.Headers.Remove(Header);
        return next(context);
    });

    public static Dictionary<string, string> From(string peer, string? forwardedFor = null)
    {
        var headers = new Dictionary<string, string> { [Header] = peer };
        if (forwardedFor is not null)
        {
            headers["X-Forwarded-For"] = forwardedFor;
        }

        return headers;
    }
}
