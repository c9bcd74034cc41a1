using System.Net;
using System.Net.Sockets;

namespace SentiMail.Context;

/// <summary>Classifies IP addresses: loopback, private (RFC 1918, ULA, link-local, CGNAT) or reserved (documentation,
/// benchmarking, multicast, "this network", future use).</summary>
public static class IpClassifier
{
    private static readonly IPNetwork[] s_private =
    [
        IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"),
    ];

    private static readonly IPNetwork[] s_reserved =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"), IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("ff00::/8"), IPNetwork.Parse("100::/64"),
    ];

    /// <summary>Tells whether the address is a loopback address.</summary>
    /// <param name="ip">The address.</param>
    /// <returns><see langword="true"/> for 127.0.0.0/8 and ::1.</returns>
    public static bool IsLoopback(IPAddress ip)
    {
        ArgumentNullException.ThrowIfNull(ip);
        return IPAddress.IsLoopback(Normalize(ip));
    }

    /// <summary>Tells whether the address is private: RFC 1918, CGNAT, link-local or IPv6 unique-local.</summary>
    /// <param name="ip">The address.</param>
    /// <returns><see langword="true"/> for a private address.</returns>
    public static bool IsPrivate(IPAddress ip)
    {
        ArgumentNullException.ThrowIfNull(ip);
        return In(Normalize(ip), s_private);
    }

    /// <summary>Tells whether the address is reserved and never a real mail client: documentation, benchmarking,
    /// multicast, broadcast, "this network" and future-use ranges.</summary>
    /// <param name="ip">The address.</param>
    /// <returns><see langword="true"/> for a reserved address.</returns>
    public static bool IsReserved(IPAddress ip)
    {
        ArgumentNullException.ThrowIfNull(ip);
        return In(Normalize(ip), s_reserved);
    }

    internal static IPAddress Normalize(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    private static bool In(IPAddress ip, IPNetwork[] networks)
    {
        foreach (var n in networks)
        {
            if (n.BaseAddress.AddressFamily == ip.AddressFamily && n.Contains(ip))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsIPv4(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetwork;
}
