namespace SentiMail.Dns;

/// <summary>How a DNS query ended.</summary>
public enum DnsStatus
{
    /// <summary>The name exists; the records may be empty (no data of the asked type).</summary>
    Ok,

    /// <summary>The name does not exist (NXDOMAIN).</summary>
    NameError,

    /// <summary>The server failed (SERVFAIL), refused, or answered something unusable: a temporary error.</summary>
    ServerFailure,

    /// <summary>No answer within the per-query timeout or the message's DNS budget: a temporary error.</summary>
    Timeout,
}
