using System.Net;

namespace SentiMail.Host.Protection;

/// <summary>The request's client address as the host's security events and CrowdSec reports name it: the address after
/// trusted forwarded headers, IPv4-mapped IPv6 addresses as IPv4, <c>unknown</c> when there is none.</summary>
internal static class ClientAddresses
{
    /// <summary>Gets the client address of <paramref name="context"/>, or <see langword="null"/> when it has none.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The address.</returns>
    public static IPAddress? Of(HttpContext context) =>
        context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;

    /// <summary>Gets the client address of <paramref name="context"/> as text for a log event.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The address, or <c>unknown</c>.</returns>
    public static string Text(HttpContext context) => Of(context)?.ToString() ?? "unknown";
}
