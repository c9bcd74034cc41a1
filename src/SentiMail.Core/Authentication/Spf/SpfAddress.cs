using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SentiMail.Authentication.Spf;

/// <summary>IP address helpers of SPF: strict parsing of <c>ip4</c>/<c>ip6</c> networks, prefix matching and the
/// <c>%{i}</c> format.</summary>
internal static class SpfAddress
{
    /// <summary>Returns the address SPF evaluates: an IPv4-mapped IPv6 address is the IPv4 address (RFC 7208 §5).</summary>
    /// <param name="address">The client address.</param>
    /// <returns>The address to evaluate.</returns>
    public static IPAddress Normalize(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>Parses an <c>ip4-network</c>: exactly four decimal numbers 0-255 without leading zeros (RFC 7208 §5.6).</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address.</param>
    /// <returns>Whether the text is a valid network address.</returns>
    public static bool TryParseIp4(ReadOnlySpan<char> text, out IPAddress? address)
    {
        address = null;
        var bytes = new byte[4];
        var part = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '.')
            {
                if (!char.IsAsciiDigit(text[i]))
                {
                    return false;
                }

                continue;
            }

            var number = text[start..i];
            if (part >= 4 || number.IsEmpty || number.Length > 3 || (number.Length > 1 && number[0] == '0')
                || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255)
            {
                return false;
            }

            bytes[part++] = (byte)value;
            start = i + 1;
        }

        if (part != 4)
        {
            return false;
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>Parses an <c>ip6-network</c> (RFC 4291 text form, IPv4 tail allowed; no zone, no brackets).</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address.</param>
    /// <returns>Whether the text is a valid IPv6 address.</returns>
    public static bool TryParseIp6(ReadOnlySpan<char> text, out IPAddress? address)
    {
        address = null;
        if (text.IsEmpty || !text.Contains(':'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c) && c is not ':' and not '.')
            {
                return false;
            }
        }

        if (!IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>Tells whether two addresses of the same family share their first <paramref name="prefixLength"/> bits.</summary>
    /// <param name="client">The client address.</param>
    /// <param name="network">The network address.</param>
    /// <param name="prefixLength">The prefix length.</param>
    /// <returns>Whether the client is in the network.</returns>
    public static bool Matches(IPAddress client, IPAddress network, int prefixLength)
    {
        if (client.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        if (!client.TryWriteBytes(a, out var length) || !network.TryWriteBytes(b, out _))
        {
            return false;
        }

        var bits = Math.Min(prefixLength, length * 8);
        var whole = bits / 8;
        if (!a[..whole].SequenceEqual(b[..whole]))
        {
            return false;
        }

        var rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (b[whole] & mask);
    }

    /// <summary>Formats an address for the <c>%{i}</c> macro: dotted quad for IPv4, 32 dot-separated nibbles for IPv6
    /// (RFC 7208 §7.3), written in uppercase like the open-spf suite's expected explanations.</summary>
    /// <param name="address">The (normalized) client address.</param>
    /// <returns>The text.</returns>
    public static string ToMacroForm(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        var builder = new StringBuilder(63);
        foreach (var b in bytes)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(HexDigit(b >> 4)).Append('.').Append(HexDigit(b & 0xF));
        }

        return builder.ToString();
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
