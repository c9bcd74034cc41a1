using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace SentiMail.Dns;

/// <summary>An <see cref="IDnsResolver"/> over DnsClient.NET: real DNS queries to the configured or system servers,
/// with a per-query timeout. NXDOMAIN, SERVFAIL and timeouts come back as statuses, never as exceptions.</summary>
public sealed class DnsClientResolver : IDnsResolver
{
    private readonly LookupClient _client;

    /// <summary>Initializes a new instance of the <see cref="DnsClientResolver"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public DnsClientResolver(DnsResolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var servers = options.Servers.Select(s => DnsServerAddress.TryParse(s, out var ep) ? new NameServer(ep) : throw new ArgumentException(s)).ToArray();
        var lookupOptions = servers.Length > 0 ? new LookupClientOptions(servers) : new LookupClientOptions();
        lookupOptions.UseCache = false; // SentiMail's own cache (CachingDnsResolver) is bounded and counts negative answers.
        lookupOptions.Timeout = options.QueryTimeout;
        lookupOptions.Retries = options.Retries;
        lookupOptions.ThrowDnsErrors = false;
        lookupOptions.UseTcpFallback = true;
        lookupOptions.ContinueOnDnsError = false;
        lookupOptions.ContinueOnEmptyResponse = false;
        _client = new LookupClient(lookupOptions);
    }

    /// <inheritdoc />
    public async ValueTask<DnsResult<string>> QueryTxtAsync(string name, CancellationToken cancellationToken = default)
    {
        var response = await QueryAsync(name, QueryType.TXT, cancellationToken).ConfigureAwait(false);
        return Map(response, r => r.Answers.TxtRecords().Select(t => string.Concat(t.Text)));
    }

    /// <inheritdoc />
    public async ValueTask<DnsResult<IPAddress>> QueryAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken = default)
    {
        var v6 = family == AddressFamily.InterNetworkV6;
        var response = await QueryAsync(name, v6 ? QueryType.AAAA : QueryType.A, cancellationToken).ConfigureAwait(false);
        return Map(response, r => v6 ? r.Answers.AaaaRecords().Select(a => a.Address) : r.Answers.ARecords().Select(a => a.Address));
    }

    /// <inheritdoc />
    public async ValueTask<DnsResult<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default)
    {
        var response = await QueryAsync(name, QueryType.MX, cancellationToken).ConfigureAwait(false);
        return Map(response, r => r.Answers.MxRecords().Select(m => new MxRecord(m.Preference, m.Exchange.Value.TrimEnd('.'))));
    }

    /// <inheritdoc />
    public async ValueTask<DnsResult<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var response = await QueryAsync(InMemoryDnsResolver.ReverseName(address), QueryType.PTR, cancellationToken).ConfigureAwait(false);
        return Map(response, r => r.Answers.PtrRecords().Select(p => p.PtrDomainName.Value.TrimEnd('.')));
    }

    private async Task<Outcome> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            var response = await _client.QueryAsync(name.TrimEnd('.') + ".", type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
            return new Outcome(response, null);
        }
        catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.ConnectionTimeout)
        {
            return new Outcome(null, DnsStatus.Timeout);
        }
        catch (DnsResponseException)
        {
            return new Outcome(null, DnsStatus.ServerFailure);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, DnsStatus.Timeout);
        }
        catch (SocketException)
        {
            return new Outcome(null, DnsStatus.ServerFailure);
        }
    }

    private static DnsResult<T> Map<T>(Outcome outcome, Func<IDnsQueryResponse, IEnumerable<T>> select)
    {
        if (outcome.Failure is { } failure || outcome.Response is not { } response)
        {
            return DnsResult.Failure<T>(outcome.Failure ?? DnsStatus.ServerFailure);
        }

        var negativeTtl = response.Authorities.SoaRecords().Select(s => TimeSpan.FromSeconds(Math.Min(s.Minimum, (uint)s.TimeToLive))).DefaultIfEmpty(TimeSpan.FromMinutes(1)).First();
        switch (response.Header.ResponseCode)
        {
            case DnsHeaderResponseCode.NoError:
                var records = select(response).ToList();
                var ttl = response.Answers.Count > 0 ? TimeSpan.FromSeconds(response.Answers.Min(a => a.TimeToLive)) : negativeTtl;
                return DnsResult.Success<T>(records, ttl);
            case DnsHeaderResponseCode.NotExistentDomain:
                return DnsResult.Failure<T>(DnsStatus.NameError, negativeTtl);
            default:
                return DnsResult.Failure<T>(DnsStatus.ServerFailure);
        }
    }

    private sealed record Outcome(IDnsQueryResponse? Response, DnsStatus? Failure);
}
