using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SentiMail.Dns;

/// <summary>
/// Caches another resolver's answers for their TTL (negative answers too, RFC 2308), bounded in size; temporary errors
/// are never cached. Thread-safe.
/// </summary>
public sealed class CachingDnsResolver : IDnsResolver
{
    private readonly IDnsResolver _inner;
    private readonly DnsResolverOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Name, string Type), Entry> _entries = new();

    /// <summary>Initializes a new instance of the <see cref="CachingDnsResolver"/> class.</summary>
    /// <param name="inner">The resolver that answers cache misses.</param>
    /// <param name="options">The cache options.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public CachingDnsResolver(IDnsResolver inner, DnsResolverOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        _inner = inner;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the number of answers in the cache.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public ValueTask<DnsResult<string>> QueryTxtAsync(string name, CancellationToken cancellationToken = default) =>
        GetAsync(name, "TXT", ct => _inner.QueryTxtAsync(name, ct), cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResult<IPAddress>> QueryAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken = default) =>
        GetAsync(name, family == AddressFamily.InterNetworkV6 ? "AAAA" : "A", ct => _inner.QueryAddressesAsync(name, family, ct), cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResult<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default) =>
        GetAsync(name, "MX", ct => _inner.QueryMxAsync(name, ct), cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResult<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return GetAsync(address.ToString(), "PTR", ct => _inner.QueryPtrAsync(address, ct), cancellationToken);
    }

    private async ValueTask<DnsResult<T>> GetAsync<T>(string name, string type, Func<CancellationToken, ValueTask<DnsResult<T>>> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_options.CacheSize == 0)
        {
            return await query(cancellationToken).ConfigureAwait(false);
        }

        var key = (name.TrimEnd('.').ToLowerInvariant(), type);
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var cached) && cached.Expires > now && cached.Value is DnsResult<T> hit)
        {
            return hit;
        }

        var result = await query(cancellationToken).ConfigureAwait(false);
        if (!result.IsTemporaryError)
        {
            var max = result.Status == DnsStatus.Ok && result.Records.Count > 0 ? _options.MaxCacheTime : _options.MaxNegativeCacheTime;
            var ttl = result.TimeToLive > max ? max : result.TimeToLive;
            if (ttl > TimeSpan.Zero)
            {
                if (_entries.Count >= _options.CacheSize)
                {
                    Evict(now);
                }

                _entries[key] = new Entry(result, now + ttl);
            }
        }

        return result;
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }

        // Still full: drop an arbitrary tenth rather than grow without bound.
        if (_entries.Count >= _options.CacheSize)
        {
            foreach (var key in _entries.Keys.Take(Math.Max(1, _options.CacheSize / 10)))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(object Value, DateTimeOffset Expires);
}
