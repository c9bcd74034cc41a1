using System.Net;
using System.Net.Sockets;

namespace SentiMail.Dns;

/// <summary>
/// The DNS lookups email authentication needs. Implementations never throw for DNS outcomes: NXDOMAIN, SERVFAIL and
/// timeouts come back as a <see cref="DnsResult{T}"/> status, so that SPF, DKIM and DMARC can turn them into
/// <c>permerror</c>/<c>temperror</c> as their RFCs say.
/// </summary>
public interface IDnsResolver
{
    /// <summary>Looks up TXT records. Each record's strings are joined without separator (RFC 7208 §3.3).</summary>
    /// <param name="name">The domain name.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    /// <returns>The answer.</returns>
    ValueTask<DnsResult<string>> QueryTxtAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Looks up A (<see cref="AddressFamily.InterNetwork"/>) or AAAA (<see cref="AddressFamily.InterNetworkV6"/>) records.</summary>
    /// <param name="name">The domain name.</param>
    /// <param name="family">The address family.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    /// <returns>The answer.</returns>
    ValueTask<DnsResult<IPAddress>> QueryAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken = default);

    /// <summary>Looks up MX records.</summary>
    /// <param name="name">The domain name.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    /// <returns>The answer.</returns>
    ValueTask<DnsResult<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Looks up the PTR records of an address (reverse DNS).</summary>
    /// <param name="address">The address.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    /// <returns>The host names, without trailing dots.</returns>
    ValueTask<DnsResult<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default);
}
