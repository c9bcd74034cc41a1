using System.Net;

namespace SentiMail.AspNetCore.Protection;

/// <summary>Helpers for the effective client address.</summary>
internal static class ClientAddress
{
    /// <summary>Maps IPv4-mapped IPv6 addresses to IPv4, so <c>::ffff:1.2.3.4</c> and <c>1.2.3.4</c> are one client.</summary>
    public static IPAddress? Unmap(IPAddress? address) =>
        address is not null && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The address as a partition key; <c>unknown</c> when there is none.</summary>
    public static string Normalize(IPAddress? address) => Unmap(address)?.ToString() ?? "unknown";

    /// <summary>Parses <c>1.2.3.4</c>, <c>2001:db8::1</c> (a single address) or CIDR <c>10.0.0.0/8</c>.</summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (!IPNetwork.TryParse(text, out network))
            {
                return false;
            }

            network = new IPNetwork(Unmap(network.BaseAddress)!, network.BaseAddress.IsIPv4MappedToIPv6 ? Math.Max(0, network.PrefixLength - 96) : network.PrefixLength);
            return true;
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        address = Unmap(address)!;
        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}
