using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SentiMail.Dns;

/// <summary>Parses DNS server addresses written as <c>1.2.3.4</c>, <c>1.2.3.4:5353</c>, <c>::1</c> or <c>[::1]:5353</c>.</summary>
public static class DnsServerAddress
{
    /// <summary>Parses a server address.</summary>
    /// <param name="value">The text.</param>
    /// <param name="endPoint">The address and port (53 when none is given).</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse(string? value, out IPEndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.None, 53);
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var text = value.Trim();
        if (TryParseAddress(text, out var bare))
        {
            endPoint = new IPEndPoint(bare, 53);
            return true;
        }

        if (!IPEndPoint.TryParse(text, out var parsed) || parsed.Port == 0)
        {
            return false;
        }

        // The address part must be written out in full as well: 8.8.8:53 is not 8.8.0.8:53.
        var colon = text.LastIndexOf(':');
        var host = text[..colon];
        if (parsed.AddressFamily == AddressFamily.InterNetwork ? !IsDottedQuad(host, parsed.Address) : !host.StartsWith('['))
        {
            return false;
        }

        endPoint = parsed;
        return int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>Parses an IP address written in full: an IPv4 address as four decimal numbers (<c>192.0.2.1</c>), or
    /// an IPv6 address. Unlike <see cref="IPAddress.TryParse(string, out IPAddress)"/>, it refuses the short and
    /// numeric forms such as <c>8.8.8</c> (8.8.0.8), <c>10</c> (0.0.0.10) or <c>010.0.0.1</c> (8.0.0.1), which are
    /// more often typing mistakes than meant.</summary>
    /// <param name="value">The text.</param>
    /// <param name="address">The address, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the text is such an address.</returns>
    public static bool TryParseAddress(string? value, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(value) || !IPAddress.TryParse(value, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork ? !IsDottedQuad(value, parsed) : !value.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>Whether the text is the canonical dotted quad of the address (no omitted parts, no octal or hex).</summary>
    private static bool IsDottedQuad(string text, IPAddress address) =>
        string.Equals(text, address.ToString(), StringComparison.Ordinal);
}
