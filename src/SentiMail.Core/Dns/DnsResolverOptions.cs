namespace SentiMail.Dns;

/// <summary>Options of the DNS resolver used for email authentication (SPF, DKIM, DMARC).</summary>
public sealed class DnsResolverOptions
{
    /// <summary>Gets the DNS servers to ask, as <c>host</c> or <c>host:port</c> (<c>[v6]:port</c> for IPv6).
    /// When empty, the system's resolvers (<c>/etc/resolv.conf</c>) are used.</summary>
    public IList<string> Servers { get; } = [];

    /// <summary>Gets or sets the timeout of one query.</summary>
    /// <value>The default value is 2 seconds. Range: 10 ms to 30 seconds.</value>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how many times a timed-out query is retried.</summary>
    /// <value>The default value is 1. Range: 0 to 5.</value>
    public int Retries { get; set; } = 1;

    /// <summary>Gets or sets the most answers kept in the cache.</summary>
    /// <value>The default value is 10,000. Range: 0 (no cache) to 1,000,000.</value>
    public int CacheSize { get; set; } = 10_000;

    /// <summary>Gets or sets how long negative answers (NXDOMAIN, no data) are cached at most.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan MaxNegativeCacheTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long positive answers are cached at most, whatever their TTL.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan MaxCacheTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Returns every problem with the current values (empty when valid).</summary>
    /// <returns>One sentence per invalid value.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (QueryTimeout < TimeSpan.FromMilliseconds(10) || QueryTimeout > TimeSpan.FromSeconds(30))
        {
            errors.Add($"Dns.{nameof(QueryTimeout)} must be between 10 ms and 30 s (was {QueryTimeout}).");
        }

        if (Retries is < 0 or > 5)
        {
            errors.Add($"Dns.{nameof(Retries)} must be between 0 and 5 (was {Retries}).");
        }

        if (CacheSize is < 0 or > 1_000_000)
        {
            errors.Add($"Dns.{nameof(CacheSize)} must be between 0 and 1000000 (was {CacheSize}).");
        }

        foreach (var server in Servers)
        {
            if (!DnsServerAddress.TryParse(server, out _))
            {
                errors.Add($"Dns.{nameof(Servers)} holds '{server}', which is not an IP address with an optional port (host:port, [v6]:port).");
            }
        }

        return errors;
    }
}
