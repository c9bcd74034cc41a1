using System.Net;
using System.Net.Sockets;
using SentiMail.Dns;

namespace SentiMail.Tests.TestSupport;

/// <summary>
/// Serves a suite's DNS data from an <see cref="InMemoryDnsResolver"/>, adding what it cannot express: a failure for
/// one record type of a name only (the open-spf <c>TIMEOUT</c> entry placed after some records).
/// </summary>
internal sealed class SuiteDnsResolver(InMemoryDnsResolver inner) : IDnsResolver
{
    private readonly Dictionary<(string Name, string Type), DnsStatus> _failures = [];

    /// <summary>Gets the resolver holding the records.</summary>
    public InMemoryDnsResolver Inner { get; } = inner;

    /// <summary>Makes queries of one type for a name fail.</summary>
    public void Fail(string name, string type, DnsStatus status) => _failures[(name.TrimEnd('.').ToLowerInvariant(), type)] = status;

    public ValueTask<DnsResult<string>> QueryTxtAsync(string name, CancellationToken cancellationToken = default) =>
        TryFail(name, "TXT", out var status) ? Failed<string>(status) : Inner.QueryTxtAsync(name, cancellationToken);

    public ValueTask<DnsResult<IPAddress>> QueryAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken = default) =>
        TryFail(name, family == AddressFamily.InterNetwork ? "A" : "AAAA", out var status) ? Failed<IPAddress>(status) : Inner.QueryAddressesAsync(name, family, cancellationToken);

    public ValueTask<DnsResult<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default) =>
        TryFail(name, "MX", out var status) ? Failed<MxRecord>(status) : Inner.QueryMxAsync(name, cancellationToken);

    public ValueTask<DnsResult<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default) =>
        TryFail(InMemoryDnsResolver.ReverseName(address), "PTR", out var status) ? Failed<string>(status) : Inner.QueryPtrAsync(address, cancellationToken);

    private static ValueTask<DnsResult<T>> Failed<T>(DnsStatus status) => ValueTask.FromResult(DnsResult.Failure<T>(status));

    private bool TryFail(string name, string type, out DnsStatus status) =>
        _failures.TryGetValue((name.TrimEnd('.').ToLowerInvariant(), type), out status);
}
