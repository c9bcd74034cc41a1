using System.Text;
using System.Text.RegularExpressions;
using SentiMail.Dns;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace SentiMail.Tests.TestSupport;

/// <summary>
/// ValiMail's ARC validation suite (<c>TestData/arc/arc-valimail/arc-draft-validation-tests.yml</c>): a YAML stream
/// of scenarios, each with <c>tests</c> (message and expected <c>cv</c>) and <c>txt-records</c>, the only DNS data.
/// </summary>
/// <remarks>The file is read as upstream's PyYAML harness reads it: a case name that appears twice in a scenario (4 names
/// in "Arc Seal Fields") keeps its last entry, which gives the suite's 171 cases; and the three empty <c>cv: |</c>
/// blocks, whose only line is all spaces (which PyYAML reads as an empty string and YamlDotNet refuses as "extra spaces
/// in first line"), are read as <c>cv: ''</c> before parsing. Nothing else is changed.</remarks>
internal static partial class ArcValidationSuite
{
    private static readonly Lazy<IReadOnlyDictionary<string, ArcSuiteCase>> s_cases = new(Load);

    /// <summary>Gets the path of the suite file.</summary>
    public static string FilePath => Path.Combine(AuthenticationTestData.ArcSuites, "arc-valimail", "arc-draft-validation-tests.yml");

    /// <summary>Gets every case by name, in file order.</summary>
    public static IReadOnlyDictionary<string, ArcSuiteCase> Cases => s_cases.Value;

    /// <summary>Returns a resolver serving a case's scenario TXT records; every other name is NXDOMAIN.</summary>
    public static InMemoryDnsResolver Resolver(ArcSuiteCase suiteCase)
    {
        var resolver = new InMemoryDnsResolver();
        foreach (var (name, text) in suiteCase.TxtRecords)
        {
            resolver.AddTxt(name, text);
        }

        return resolver;
    }

    /// <summary>Returns a case's message as bytes with CRLF line endings (the YAML literal block has LF endings).</summary>
    public static byte[] MessageBytes(ArcSuiteCase suiteCase) =>
        AuthenticationTestData.ToCrlf(Encoding.UTF8.GetBytes(suiteCase.Message));

    private static Dictionary<string, ArcSuiteCase> Load()
    {
        var deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();
        var cases = new Dictionary<string, ArcSuiteCase>(StringComparer.Ordinal);
        var text = EmptyCvBlock().Replace(File.ReadAllText(FilePath, Encoding.UTF8), "$1''\n");
        using var reader = new StringReader(text);
        var parser = new Parser(reader);
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var scenario = deserializer.Deserialize<Dictionary<string, object>>(parser);
            var description = ((string)scenario["description"]).Trim();
            var records = ((Dictionary<object, object>)scenario["txt-records"])
                .ToDictionary(kv => (string)kv.Key, kv => (string)kv.Value, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in (Dictionary<object, object>)scenario["tests"])
            {
                var test = (Dictionary<object, object>)value;
                var name = (string)key;
                if (!cases.TryAdd(name, new ArcSuiteCase(name, description, Text(test, "description"), Text(test, "message"), Text(test, "cv").Trim(), records)))
                {
                    throw new InvalidDataException($"The case {name} appears in two scenarios.");
                }
            }
        }

        return cases;
    }

    [GeneratedRegex(@"^( +cv: +)\|[ \t]*\n(?:[ \t]*\n)+", RegexOptions.Multiline)]
    private static partial Regex EmptyCvBlock();

    private static string Text(Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) && value is string text ? text : string.Empty;
}

/// <summary>One case of the ARC validation suite.</summary>
/// <param name="Name">The case name (<c>cv_pass_i1_1</c>...).</param>
/// <param name="Scenario">The scenario's description (<c>Chain Validation</c>...).</param>
/// <param name="Description">The case's description.</param>
/// <param name="Message">The message, with LF line endings.</param>
/// <param name="Cv">The expected chain validation result: <c>Pass</c>, <c>Fail</c>, <c>None</c>, or empty.</param>
/// <param name="TxtRecords">The scenario's TXT records by name.</param>
internal sealed record ArcSuiteCase(string Name, string Scenario, string Description, string Message, string Cv, IReadOnlyDictionary<string, string> TxtRecords);
