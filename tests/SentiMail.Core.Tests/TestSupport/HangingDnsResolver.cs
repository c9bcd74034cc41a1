using System.Net;
using System.Net.Sockets;
using SentiMail.Dns;

namespace SentiMail.Tests.TestSupport;

/// <summary>A resolver whose queries never complete until their token is canceled: a DNS server that does not answer.</summary>
internal sealed class HangingDnsResolver : IDnsResolver
{
    /// <summary>Gets the number of queries started.</summary>
    public int Started { get; private set; }

    public ValueTask<DnsResult<string>> QueryTxtAsync(string name, CancellationToken cancellationToken = default) => HangAsync<string>(cancellationToken);

    public ValueTask<DnsResult<IPAddress>> QueryAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken = default) => HangAsync<IPAddress>(cancellationToken);

    public ValueTask<DnsResult<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default) => HangAsync<MxRecord>(cancellationToken);

    public ValueTask<DnsResult<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default) => HangAsync<string>(cancellationToken);

    private async ValueTask<DnsResult<T>> HangAsync<T>(CancellationToken cancellationToken)
    {
        Started++;
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("Unreachable: the delay only ends by cancellation.");
    }
}
