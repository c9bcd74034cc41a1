namespace SentiMail.Dns;

/// <summary>The answer to one DNS query.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Status">How the query ended.</param>
/// <param name="Records">The records of the asked type (empty unless <see cref="DnsStatus.Ok"/>).</param>
/// <param name="TimeToLive">How long the answer may be cached (for negative answers, the negative-caching time).</param>
public sealed record DnsResult<T>(DnsStatus Status, IReadOnlyList<T> Records, TimeSpan TimeToLive)
{
    /// <summary>Gets a value indicating whether the query failed temporarily (server failure or timeout).</summary>
    public bool IsTemporaryError => Status is DnsStatus.ServerFailure or DnsStatus.Timeout;

    /// <summary>Gets a value indicating whether the name does not exist or has no record of the asked type
    /// (a "void lookup" in SPF terms, RFC 7208 §4.6.4).</summary>
    public bool IsEmpty => Status == DnsStatus.NameError || (Status == DnsStatus.Ok && Records.Count == 0);
}

/// <summary>Creates <see cref="DnsResult{T}"/> values.</summary>
public static class DnsResult
{
    /// <summary>Creates a successful answer.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="records">The records.</param>
    /// <param name="timeToLive">The smallest TTL of the records.</param>
    /// <returns>The result.</returns>
    public static DnsResult<T> Success<T>(IReadOnlyList<T> records, TimeSpan timeToLive) => new(DnsStatus.Ok, records, timeToLive);

    /// <summary>Creates a failed or negative answer.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="status">The status.</param>
    /// <param name="timeToLive">The negative-caching time.</param>
    /// <returns>The result.</returns>
    public static DnsResult<T> Failure<T>(DnsStatus status, TimeSpan timeToLive = default) => new(status, [], timeToLive);
}
