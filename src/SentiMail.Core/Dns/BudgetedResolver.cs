using System.Net;
using System.Net.Sockets;

namespace SentiMail.Dns;

/// <summary>Applies a message's DNS time budget to every query: once the budget is spent, queries answer
/// <see cref="DnsStatus.Timeout"/> at once instead of waiting, so that checks end in <c>temperror</c> quickly. The
/// caller's own cancellation still throws.</summary>
internal sealed class BudgetedResolver(IDnsResolver inner, CancellationToken budget, CancellationToken caller) : IDnsResolver
{
    public ValueTask<DnsResult<string>> QueryTxtAsync(string name, CancellationToken cancellationToken = default) =>
        RunAsync(ct => inner.QueryTxtAsync(name, ct));

    public ValueTask<DnsResult<IPAddress>> QueryAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken = default) =>
        RunAsync(ct => inner.QueryAddressesAsync(name, family, ct));

    public ValueTask<DnsResult<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default) =>
        RunAsync(ct => inner.QueryMxAsync(name, ct));

    public ValueTask<DnsResult<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default) =>
        RunAsync(ct => inner.QueryPtrAsync(address, ct));

    private async ValueTask<DnsResult<T>> RunAsync<T>(Func<CancellationToken, ValueTask<DnsResult<T>>> query)
    {
        caller.ThrowIfCancellationRequested();
        if (budget.IsCancellationRequested)
        {
            return DnsResult.Failure<T>(DnsStatus.Timeout);
        }

        try
        {
            return await query(budget).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return DnsResult.Failure<T>(DnsStatus.Timeout);
        }
    }
}
