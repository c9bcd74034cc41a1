using System.Globalization;
using System.Net;

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
        if (IPAddress.TryParse(text, out var bare))
        {
            endPoint = new IPEndPoint(bare, 53);
            return true;
        }

        if (!IPEndPoint.TryParse(text, out var parsed) || parsed.Port == 0)
        {
            return false;
        }

        endPoint = parsed;
        return int.TryParse(text[(text.LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}
