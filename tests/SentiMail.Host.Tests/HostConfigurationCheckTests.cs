using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests;

/// <summary>A key of the host's own sections that names no option stops it, instead of being ignored while the
/// default applies.</summary>
public sealed partial class HostConfigurationCheckTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void KnownKeys_AtEveryDepth_IncludingListsAndDictionaries_AreUnderstood()
    {
        var configuration = Configuration(
            ("storage:datadirectory", "data"),
            ("Backup:Keep", "3"),
            ("Identity:Password:RequiredLength", "14"),
            ("Identity:Lockout:MaxFailedAccessAttempts", "4"),
            ("Encryption:Keys:2026a", "AAAA"),
            ("ForwardedHeaders:TrustedNetworks:0", "10.0.0.0/8"),
            ("Model:Enabled", "true"),
            ("Model:StrongEvidenceSignals:0", "custom.always-malicious"),
            ("SentiMail:Tls:HttpsPort", "8443"),
            ("Kestrel:Endpoints:Https:Url", "https://127.0.0.1:8443"),
            ("Logging:LogLevel:Whatever", "Warning"),
            ("Authentication:Schemes:Bearer:Authority", "https://id.example.org"));

        Assert.Empty(HostConfigurationCheck.FindProblems(configuration));
    }

    [Fact]
    public void MisspeltKeys_AreAllListed_WithTheirPathAndTheKeysThatExistThere()
    {
        var configuration = Configuration(
            ("Storage:DataDirectroy", "/srv/sentimail"),
            ("Backup:Kepe", "3"),
            ("Identity:Password:RequiredLenght", "4"),
            ("Model:Enabeld", "true"),
            ("ForwardedHeaders:TrustedNetworks:0", "10.0.0.0/8"),
            ("RateLimiting:PerKeyPermitLimit", "10"));

        var problems = HostConfigurationCheck.FindProblems(configuration);

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Storage:DataDirectroy is not an option", StringComparison.Ordinal) && p.Contains("DataDirectory", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Backup:Kepe is not an option", StringComparison.Ordinal) && p.Contains("Keep", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Identity:Password:RequiredLenght is not an option (the keys of Identity:Password are:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Model:Enabeld is not an option", StringComparison.Ordinal) && p.Contains("Enabled", StringComparison.Ordinal));
    }

    [Fact]
    public void AKeyInsideAListItem_OrUnderAPlainValue_IsCheckedToo()
    {
        var problems = HostConfigurationCheck.FindProblems(Configuration(
            ("Identity:Tokens:ProviderMap:Custom:ProvdierType", "x"),
            ("Storage:Provider:Kind", "Sqlite")));

        Assert.Contains(problems, p => p.StartsWith("Identity:Tokens:ProviderMap:Custom:ProvdierType is not an option", StringComparison.Ordinal));
        // Provider is an enum: a key below it would be silently dropped by the binder, so it is reported.
        Assert.Contains(problems, p => p.StartsWith("Storage:Provider:Kind", StringComparison.Ordinal));
    }

    [Fact]
    public void AValueThatDoesNotConvert_IsListedWithItsPath()
    {
        var problems = HostConfigurationCheck.FindProblems(Configuration(("Backup:Keep", "seven"), ("Storage:Provider", "Oracle")));

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("'seven' at 'Backup:Keep'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'Oracle' at 'Storage:Provider'", StringComparison.Ordinal));
    }

    [Fact]
    public void TheShippedSettings_TheKubernetesConfigMap_AndTheDocumentedKeys_AreAllOptions()
    {
        var root = RepositoryRoot.Find();
        var settings = new ConfigurationBuilder().AddJsonFile(Path.Combine(root, "samples", "SentiMail.Host", "appsettings.json")).Build();
        Assert.Empty(HostConfigurationCheck.FindProblems(settings));

        // deploy/kubernetes/configmap.yaml: "  Section__Key: value" lines under data.
        var configMap = File.ReadAllLines(Path.Combine(root, "deploy", "kubernetes", "configmap.yaml"))
            .Select(line => ConfigMapEntry().Match(line)).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal), m.Groups[2].Value.Trim('"')))
            .ToArray();
        Assert.Contains(configMap, e => e.Item1 == "Storage:Provider");
        Assert.Empty(HostConfigurationCheck.FindProblems(Configuration(configMap)));

        // Every `Section:Key` the deployment guide names, in a section the host checks, is an option.
        var documented = DocumentedKey().Matches(File.ReadAllText(Path.Combine(root, "docs", "deployment.md")))
            .Select(m => m.Groups[1].Value)
            .Where(key => HostConfigurationCheck.Sections.Any(s => key.StartsWith(s.Section + ":", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        Assert.Contains("Storage:DataDirectory", documented);
        var unknown = documented.SelectMany(key => HostConfigurationCheck.FindProblems(Configuration((key, "1"))))
            .Where(p => p.Contains("is not an option", StringComparison.Ordinal));
        Assert.Empty(unknown);
    }

    [Fact]
    public async Task TheWebHost_StopsAtStart_BeforeTheStoreIsCreated()
    {
        await using var factory = new HostFactory();
        factory.Settings["Backup:Directroy"] = Path.Combine(factory.DataDirectory.FullName, "elsewhere");

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains("Backup:Directroy is not an option", validation.Message, StringComparison.Ordinal);
        Assert.Empty(factory.DataDirectory.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task ACommand_ExitsWithAUsageError_AndWritesNothing()
    {
        var dir = Directory.CreateTempSubdirectory("sentimail-host-config-");
        try
        {
            var dll = typeof(HostSetup).Assembly.Location;
            var (exit, stdout, stderr) = await ProcessRunner.RunAsync("dotnet",
                [dll, "backup", "now", $"--Storage:DataDirectory={dir.FullName}", "--Backup:Directroy=/nowhere", "--Backup:Keep=seven"]);

            Assert.Equal(2, exit);
            Assert.Equal("", stdout);
            Assert.Contains("Configuration: Backup:Directroy is not an option (the keys of Backup are: DailyAt, Directory, Enabled, Keep", stderr, StringComparison.Ordinal);
            Assert.Empty(dir.EnumerateFileSystemInfos());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^\s+([A-Za-z][A-Za-z0-9]*(?:__[A-Za-z0-9]+)+):\s*(.*)$")]
    private static partial Regex ConfigMapEntry();

    [GeneratedRegex(@"`([A-Z][A-Za-z]*(?::[A-Za-z][A-Za-z0-9]*)+)`")]
    private static partial Regex DocumentedKey();
}
