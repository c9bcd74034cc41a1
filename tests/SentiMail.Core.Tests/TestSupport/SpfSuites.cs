using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using SentiMail.Dns;
using YamlDotNet.RepresentationModel;

namespace SentiMail.Tests.TestSupport;

/// <summary>Loads the third-party SPF suites copied into <c>TestData/spf/</c> (see the README of each folder).</summary>
internal static class SpfSuites
{
    public const string OpenSpf7208 = "rfc7208";
    public const string OpenSpf4408 = "rfc4408";
    public const string PyspfExtra = "pyspf-extra";
    public const string Blitiri = "blitiri";
    public const string Stalwart = "stalwart";

    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, SpfSuiteCase>> s_cache = new();

    /// <summary>Gets the folder of the SPF suites.</summary>
    public static string Folder => Path.Combine(TestPaths.TestData, "spf");

    /// <summary>Returns the cases of a suite, by case name, in file order.</summary>
    public static IReadOnlyDictionary<string, SpfSuiteCase> Get(string suite) => s_cache.GetOrAdd(suite, Load);

    /// <summary>Returns the case names of a suite as theory data.</summary>
    public static TheoryData<string> Names(string suite) => [.. Get(suite).Keys];

    private static IReadOnlyDictionary<string, SpfSuiteCase> Load(string suite) => suite switch
    {
        OpenSpf7208 => LoadOpenSpf(suite, Path.Combine("spf-openspf", "rfc7208-tests.yml")),
        OpenSpf4408 => LoadOpenSpf(suite, Path.Combine("spf-openspf", "rfc4408-tests.yml")),
        PyspfExtra => LoadOpenSpf(suite, Path.Combine("spf-pyspf-extra", "pyspf-tests.yml")),
        Blitiri => LoadOpenSpf(suite, Path.Combine("spf-blitiri", "blitirispf-tests.yml")),
        Stalwart => LoadStalwart(suite),
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "Unknown SPF suite."),
    };

    private static Dictionary<string, SpfSuiteCase> LoadOpenSpf(string suite, string relativePath)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Folder, relativePath)))
        {
            stream.Load(reader);
        }

        var raw = new List<(string Scenario, string Name, YamlMappingNode Test, SuiteDnsResolver Resolver)>();
        foreach (var document in stream.Documents)
        {
            var root = (YamlMappingNode)document.RootNode;
            var scenario = Scalar(root, "description") ?? Scalar(root, "comment")?.Trim() ?? string.Empty;
            var resolver = BuildZone(Child(root, "zonedata") as YamlMappingNode).Build();
            foreach (var (name, test) in ((YamlMappingNode)Child(root, "tests")!).Children)
            {
                raw.Add((scenario, ((YamlScalarNode)name).Value!, (YamlMappingNode)test, resolver));
            }
        }

        var cases = new Dictionary<string, SpfSuiteCase>(StringComparer.Ordinal);
        foreach (var (scenario, name, test, resolver) in raw)
        {
            // The open-spf suites name every test uniquely; blitiri reuses test1/test2 in several scenarios.
            var key = raw.Count(r => r.Name == name) == 1 ? name : $"{scenario}/{name}";
            var result = Child(test, "result");
            IReadOnlyList<string> results = result is YamlSequenceNode list
                ? [.. list.Children.Select(c => ((YamlScalarNode)c).Value!)]
                : [((YamlScalarNode)result!).Value!];
            cases.Add(key, new SpfSuiteCase(
                suite,
                key,
                IPAddress.Parse(Scalar(test, "host")!),
                Scalar(test, "mailfrom") ?? string.Empty,
                Scalar(test, "helo"),
                results,
                Scalar(test, "explanation"),
                resolver,
                SpfSuiteMode.MailFrom,
                null));
        }

        return cases;
    }

    private static SpfZone BuildZone(YamlMappingNode? zonedata)
    {
        var zone = new SpfZone();
        if (zonedata is null)
        {
            return zone;
        }

        foreach (var (nameNode, entriesNode) in zonedata.Children)
        {
            var name = ((YamlScalarNode)nameNode).Value!;
            zone.Declare(name);
            if (entriesNode is not YamlSequenceNode entries)
            {
                continue;
            }

            foreach (var entry in entries.Children)
            {
                if (entry is YamlScalarNode { Value: "TIMEOUT" })
                {
                    zone.Add(name, "TIMEOUT", null);
                    continue;
                }

                var (typeNode, valueNode) = ((YamlMappingNode)entry).Children.Single();
                var type = ((YamlScalarNode)typeNode).Value!.ToUpperInvariant();
                switch (type)
                {
                    case "TIMEOUT":
                        zone.FailAll(name, DnsStatus.Timeout);
                        break;
                    case "SERVFAIL" or "CNAMELOOP":
                        zone.FailAll(name, DnsStatus.ServerFailure);
                        break;
                    case "TXT" or "SPF":
                        zone.Add(name, type, Text(valueNode));
                        break;
                    case "A" or "AAAA":
                        zone.Add(name, type, IPAddress.Parse(((YamlScalarNode)valueNode).Value!));
                        break;
                    case "MX":
                        var mx = (YamlSequenceNode)valueNode;
                        zone.Add(name, type, (
                            int.Parse(((YamlScalarNode)mx.Children[0]).Value!, CultureInfo.InvariantCulture),
                            ((YamlScalarNode)mx.Children[1]).Value ?? string.Empty));
                        break;
                    case "PTR" or "CNAME":
                        zone.Add(name, type, (((YamlScalarNode)valueNode).Value ?? string.Empty).TrimEnd('.'));
                        break;
                    default:
                        throw new InvalidDataException($"Unknown zonedata entry type '{type}' for '{name}'.");
                }
            }
        }

        return zone;
    }

    private static string? Text(YamlNode node)
    {
        // A list holds the character-strings of one RR, joined without separator (rule 5); NONE means no RR of this type.
        if (node is YamlSequenceNode strings)
        {
            return string.Concat(strings.Children.Select(c => ((YamlScalarNode)c).Value));
        }

        var value = ((YamlScalarNode)node).Value ?? string.Empty;
        return value == "NONE" ? null : value;
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode mapping, string key) => (Child(mapping, key) as YamlScalarNode)?.Value;

    private static Dictionary<string, SpfSuiteCase> LoadStalwart(string suite)
    {
        // Not YAML: stalwart's harness (src/spf/verify.rs) reads the files line by line; records accumulate over a file
        // and replace earlier ones of the same name and type; domain/sender/ip lines set the state each expect runs with.
        var cases = new Dictionary<string, SpfSuiteCase>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(Path.Combine(Folder, "spf-stalwart"), "*.yml").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            var state = new StalwartState();
            foreach (var section in File.ReadAllText(path).Split("---\n"))
            {
                var testName = string.Empty;
                var helo = string.Empty;
                var mailFrom = string.Empty;
                var ip = IPAddress.Loopback;
                var number = 1;
                foreach (var rawLine in section.Split('\n'))
                {
                    var line = rawLine.Trim();
                    if (line.StartsWith('-'))
                    {
                        line = line[1..].Trim();
                    }

                    if (TryValue(line, "name:", out var value))
                    {
                        testName = value;
                    }
                    else if (TryValue(line, "spf:", out value) || TryValue(line, "exp:", out value))
                    {
                        var (name, text) = SplitOnce(value);
                        state.Txt[name] = text;
                    }
                    else if (TryValue(line, "a:", out value) || TryValue(line, "aaaa:", out value))
                    {
                        var (name, list) = SplitOnce(value);
                        state.Addresses[(name, line.StartsWith("a:", StringComparison.Ordinal))] = [.. list.Split(',').Select(s => IPAddress.Parse(s.Trim()))];
                    }
                    else if (TryValue(line, "ptr:", out value))
                    {
                        var (address, list) = SplitOnce(value);
                        state.Ptr[IPAddress.Parse(address)] = [.. list.Split(',').Select(s => s.Trim())];
                    }
                    else if (TryValue(line, "mx:", out value))
                    {
                        var (name, list) = SplitOnce(value);
                        var hosts = new List<string>();
                        foreach (var (item, position) in list.Split(',').Select((s, i) => (IPAddress.Parse(s.Trim()), i)))
                        {
                            var host = $"mx.{item}.{position}";
                            state.Addresses[(host, item.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)] = [item];
                            hosts.Add(host);
                        }

                        state.Mx[name] = hosts;
                    }
                    else if (TryValue(line, "domain:", out value))
                    {
                        helo = value;
                    }
                    else if (TryValue(line, "sender:", out value))
                    {
                        mailFrom = value;
                    }
                    else if (TryValue(line, "ip:", out value))
                    {
                        ip = IPAddress.Parse(value);
                    }
                    else if (TryValue(line, "expect:", out value))
                    {
                        var space = value.IndexOf(' ', StringComparison.Ordinal);
                        var result = space < 0 ? value : value[..space];
                        var explanation = space < 0 ? null : value[(space + 1)..].Trim();
                        var key = $"{file}/{testName}/{number++}";
                        cases.Add(key, new SpfSuiteCase(suite, key, ip, mailFrom, helo, [result], explanation, state.Build(), SpfSuiteMode.HeloThenMailFrom, "localdomain.org"));
                    }
                }
            }
        }

        return cases;
    }

    private static bool TryValue(string line, string prefix, out string value)
    {
        value = line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..].Trim() : string.Empty;
        return line.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static (string Name, string Value) SplitOnce(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return (value[..space].Trim(), value[(space + 1)..].Trim());
    }

    private sealed class StalwartState
    {
        public Dictionary<string, string> Txt { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<(string Name, bool IPv4), List<IPAddress>> Addresses { get; } = [];

        public Dictionary<IPAddress, List<string>> Ptr { get; } = [];

        public Dictionary<string, List<string>> Mx { get; } = new(StringComparer.OrdinalIgnoreCase);

        public SuiteDnsResolver Build()
        {
            // Names the harness never stored were sent to live DNS upstream; here they are NXDOMAIN, except the
            // "_dns_error." names, which stand for a DNS failure.
            var memory = new InMemoryDnsResolver();
            var resolver = new SuiteDnsResolver(memory);
            foreach (var (name, text) in Txt)
            {
                memory.AddTxt(name, text);
            }

            foreach (var ((name, _), addresses) in Addresses)
            {
                foreach (var address in addresses)
                {
                    memory.AddAddress(name, address);
                }
            }

            foreach (var (address, names) in Ptr)
            {
                foreach (var name in names)
                {
                    memory.AddPtr(address, name);
                }
            }

            foreach (var (name, hosts) in Mx)
            {
                for (var i = 0; i < hosts.Count; i++)
                {
                    memory.AddMx(name, i + 1, hosts[i]);
                }
            }

            foreach (var name in new[] { "_dns_error.org", "_dns_error.test.org" })
            {
                memory.Fail(name, DnsStatus.ServerFailure);
            }

            return resolver;
        }
    }
}
