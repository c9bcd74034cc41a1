using System.Net;

namespace SentiMail.Context;

/// <summary>One <c>Received</c> header, parsed. Index 0 is the topmost (most recent) header.</summary>
public sealed class ReceivedHop
{
    /// <summary>Gets the position of the header, 0 being the topmost.</summary>
    public int Index { get; init; }

    /// <summary>Gets the name the sending host announced (HELO) or the name after <c>from</c>.</summary>
    public string? FromHost { get; init; }

    /// <summary>Gets the reverse-DNS name the receiving server recorded for the sender, if any.</summary>
    public string? FromReverseName { get; init; }

    /// <summary>Gets the sending host's IP address, if the header records one.</summary>
    public IPAddress? FromIp { get; init; }

    /// <summary>Gets the receiving host named after <c>by</c>.</summary>
    public string? ByHost { get; init; }

    /// <summary>Gets the time stamp after the last <c>;</c>, if it parses.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>Gets the raw header value, unfolded.</summary>
    public string Raw { get; init; } = string.Empty;
}
