using System.Globalization;
using System.Net;
using SentiMail.Dns;

namespace SentiMail.Tests.TestSupport;

/// <summary>
/// The DNS data of one suite scenario, answered the way pyspf's test driver (<c>test/testspf.py</c>) answers it, as
/// <c>TestData/spf/spf-openspf/../README</c> rules 1-5 describe: SPF-type records are also served as TXT when a name has no
/// TXT entry; a bare <c>TIMEOUT</c> makes queries of the types with no record listed before it time out; absent names
/// are NXDOMAIN; CNAMEs are followed (bounded, loops answer no data).
/// </summary>
internal sealed class SpfZone
{
    private const int MaxCnameChain = 10;
    private static readonly string[] s_types = ["TXT", "A", "AAAA", "MX", "PTR"];

    private readonly Dictionary<string, List<Entry>> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Declares a name (with no records yet).</summary>
    public void Declare(string name) => GetEntries(name);

    /// <summary>Adds an entry: <paramref name="type"/> is TXT, SPF, A, AAAA, MX, PTR, CNAME, or TIMEOUT (bare, ordered).</summary>
    public void Add(string name, string type, object? value) => GetEntries(name).Add(new Entry(type, value, null));

    /// <summary>Makes every query for a name fail, whatever its entries (the map form <c>TIMEOUT: true</c>, <c>SERVFAIL: true</c>).</summary>
    public void FailAll(string name, DnsStatus status) => GetEntries(name).Add(new Entry("FAIL", null, status));

    /// <summary>Builds the resolver.</summary>
    public SuiteDnsResolver Build()
    {
        var resolver = new SuiteDnsResolver(new InMemoryDnsResolver());
        foreach (var name in _names.Keys)
        {
            SynthesizeTxt(name);
        }

        foreach (var name in _names.Keys)
        {
            var key = name.TrimEnd('.');
            resolver.Inner.AddEmpty(key);
            var answers = s_types.Select(t => Answer(key, t, 0)).ToArray();
            if (answers.All(a => a.Failure is not null) && answers.Select(a => a.Failure).Distinct().Count() == 1)
            {
                resolver.Inner.Fail(key, answers[0].Failure!.Value);
                continue;
            }

            for (var i = 0; i < s_types.Length; i++)
            {
                var (failure, records) = answers[i];
                if (failure is { } status)
                {
                    resolver.Fail(key, s_types[i], status);
                    continue;
                }

                foreach (var record in records!)
                {
                    AddRecord(resolver.Inner, key, s_types[i], record);
                }
            }
        }

        return resolver;
    }

    private static void AddRecord(InMemoryDnsResolver resolver, string name, string type, object record)
    {
        switch (type)
        {
            case "TXT":
                resolver.AddTxt(name, (string)record);
                break;
            case "A" or "AAAA":
                resolver.AddAddress(name, (IPAddress)record);
                break;
            case "MX":
                var (preference, exchange) = ((int, string))record;
                resolver.AddMx(name, preference, exchange);
                break;
            default:
                if (TryParseReverseName(name, out var address))
                {
                    resolver.AddPtr(address!, (string)record);
                }

                break;
        }
    }

    /// <summary>Turns <c>4.3.2.1.in-addr.arpa</c> or a 32-nibble <c>ip6.arpa</c> name back into an address.</summary>
    internal static bool TryParseReverseName(string name, out IPAddress? address)
    {
        address = null;
        var labels = name.TrimEnd('.').Split('.');
        if (name.EndsWith(".in-addr.arpa", StringComparison.OrdinalIgnoreCase) && labels.Length == 6)
        {
            var bytes = new byte[4];
            for (var i = 0; i < 4; i++)
            {
                if (!byte.TryParse(labels[3 - i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
                {
                    return false;
                }
            }

            address = new IPAddress(bytes);
            return true;
        }

        if (name.EndsWith(".ip6.arpa", StringComparison.OrdinalIgnoreCase) && labels.Length == 34)
        {
            var bytes = new byte[16];
            for (var i = 0; i < 32; i++)
            {
                if (labels[31 - i].Length != 1 || !Uri.IsHexDigit(labels[31 - i][0]))
                {
                    return false;
                }

                var nibble = Convert.ToByte(labels[31 - i], 16);
                bytes[i / 2] |= (byte)(i % 2 == 0 ? nibble << 4 : nibble);
            }

            address = new IPAddress(bytes);
            return true;
        }

        return false;
    }

    private List<Entry> GetEntries(string name)
    {
        var key = name.TrimEnd('.');
        if (!_names.TryGetValue(key, out var entries))
        {
            entries = [];
            _names[key] = entries;
        }

        return entries;
    }

    private void SynthesizeTxt(string name)
    {
        // Rule 1 (pyspf getrdata): without any TXT entry (TXT: NONE counts as one), SPF-type records are served as TXT,
        // after every other entry.
        var entries = _names[name];
        if (entries.Any(e => e.Type == "TXT"))
        {
            return;
        }

        foreach (var spf in entries.Where(e => e.Type == "SPF" && e.Value is not null).ToList())
        {
            entries.Add(spf with { Type = "TXT" });
        }
    }

    private (DnsStatus? Failure, List<object>? Records) Answer(string name, string type, int depth)
    {
        if (!_names.TryGetValue(name.TrimEnd('.'), out var entries))
        {
            return (null, []);
        }

        if (entries.FirstOrDefault(e => e.Type == "FAIL") is { } fail)
        {
            return (fail.Status, null);
        }

        var records = new List<object>();
        foreach (var entry in entries)
        {
            if (entry.Type == "TIMEOUT")
            {
                if (records.Count == 0)
                {
                    return (DnsStatus.Timeout, null);
                }

                break;
            }

            if (entry.Type == type && entry.Value is not null)
            {
                records.Add(entry.Value);
            }
        }

        if (records.Count == 0 && depth < MaxCnameChain
            && entries.FirstOrDefault(e => e.Type == "CNAME") is { Value: string target } && target.Length > 0)
        {
            return Answer(target, type, depth + 1);
        }

        return (null, records);
    }

    private sealed record Entry(string Type, object? Value, DnsStatus? Status);
}
