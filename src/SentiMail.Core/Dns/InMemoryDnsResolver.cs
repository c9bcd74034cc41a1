using System.Net;
using System.Net.Sockets;

namespace SentiMail.Dns;

/// <summary>
/// A resolver answering from records held in memory: for tests, and for applications that already know the records.
/// Names are case-insensitive. A name with no record of any kind answers NXDOMAIN; names can be made to time out or fail.
/// </summary>
public sealed class InMemoryDnsResolver : IDnsResolver
{
    private readonly Dictionary<string, Zone> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the number of queries answered, for tests that count lookups.</summary>
    public int QueryCount { get; private set; }

    /// <summary>Adds a TXT record.</summary>
    /// <param name="name">The name.</param>
    /// <param name="text">The record's text (its strings already joined).</param>
    /// <returns>This resolver.</returns>
    public InMemoryDnsResolver AddTxt(string name, string text)
    {
        Get(name).Txt.Add(text);
        return this;
    }

    /// <summary>Adds an A or AAAA record.</summary>
    /// <param name="name">The name.</param>
    /// <param name="address">The address.</param>
    /// <returns>This resolver.</returns>
    public InMemoryDnsResolver AddAddress(string name, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Get(name).Addresses.Add(address);
        return this;
    }

    /// <summary>Adds an MX record.</summary>
    /// <param name="name">The name.</param>
    /// <param name="preference">The preference.</param>
    /// <param name="exchange">The exchanger.</param>
    /// <returns>This resolver.</returns>
    public InMemoryDnsResolver AddMx(string name, int preference, string exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        Get(name).Mx.Add(new MxRecord(preference, exchange.TrimEnd('.')));
        return this;
    }

    /// <summary>Adds a PTR record for an address.</summary>
    /// <param name="address">The address.</param>
    /// <param name="host">The host name.</param>
    /// <returns>This resolver.</returns>
    public InMemoryDnsResolver AddPtr(IPAddress address, string host)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(host);
        Get(ReverseName(address)).Ptr.Add(host.TrimEnd('.'));
        return this;
    }

    /// <summary>Declares that a name exists with no records (NODATA for every type).</summary>
    /// <param name="name">The name.</param>
    /// <returns>This resolver.</returns>
    public InMemoryDnsResolver AddEmpty(string name)
    {
        Get(name);
        return this;
    }

    /// <summary>Makes every query for a name fail with the given status.</summary>
    /// <param name="name">The name.</param>
    /// <param name="status"><see cref="DnsStatus.ServerFailure"/> or <see cref="DnsStatus.Timeout"/>.</param>
    /// <returns>This resolver.</returns>
    public InMemoryDnsResolver Fail(string name, DnsStatus status)
    {
        Get(name).Failure = status;
        return this;
    }

    /// <inheritdoc />
    public ValueTask<DnsResult<string>> QueryTxtAsync(string name, CancellationToken cancellationToken = default) =>
        Answer(name, z => z.Txt);

    /// <inheritdoc />
    public ValueTask<DnsResult<IPAddress>> QueryAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken = default) =>
        Answer(name, z => z.Addresses.Where(a => a.AddressFamily == family).ToList());

    /// <inheritdoc />
    public ValueTask<DnsResult<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default) =>
        Answer(name, z => z.Mx);

    /// <inheritdoc />
    public ValueTask<DnsResult<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Answer(ReverseName(address), z => z.Ptr);
    }

    /// <summary>Returns the reverse-lookup name of an address (<c>4.3.2.1.in-addr.arpa</c>, nibbles under <c>ip6.arpa</c>).</summary>
    /// <param name="address">The address.</param>
    /// <returns>The name.</returns>
    public static string ReverseName(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return string.Join('.', bytes.Reverse().Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ".in-addr.arpa";
        }

        var nibbles = new List<char>(64);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            nibbles.Add("0123456789abcdef"[bytes[i] & 0xF]);
            nibbles.Add("0123456789abcdef"[bytes[i] >> 4]);
        }

        return string.Join('.', nibbles) + ".ip6.arpa";
    }

    private ValueTask<DnsResult<T>> Answer<T>(string name, Func<Zone, IReadOnlyList<T>> select)
    {
        ArgumentNullException.ThrowIfNull(name);
        QueryCount++;
        if (!_names.TryGetValue(name.TrimEnd('.'), out var zone))
        {
            return ValueTask.FromResult(DnsResult.Failure<T>(DnsStatus.NameError, TimeSpan.FromMinutes(5)));
        }

        return ValueTask.FromResult(zone.Failure is { } failure
            ? DnsResult.Failure<T>(failure)
            : DnsResult.Success<T>([.. select(zone)], TimeSpan.FromMinutes(5)));
    }

    private Zone Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var key = name.TrimEnd('.');
        if (!_names.TryGetValue(key, out var zone))
        {
            zone = new Zone();
            _names[key] = zone;
        }

        return zone;
    }

    private sealed class Zone
    {
        public List<string> Txt { get; } = [];

        public List<IPAddress> Addresses { get; } = [];

        public List<MxRecord> Mx { get; } = [];

        public List<string> Ptr { get; } = [];

        public DnsStatus? Failure { get; set; }
    }
}
