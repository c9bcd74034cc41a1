using Microsoft.Extensions.Logging;
using SentiMail.Deploy.Tests.Infrastructure;
using SentiMail.Deploy.Tests.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace SentiMail.Deploy.Tests.CrowdSec;

/// <summary>deploy/crowdsec with Debian's crowdsec: the parser on sample lines of each event (cscli explain), and the
/// scenarios on bursts (a replay through the agent).</summary>
public sealed class CrowdSecTests(CrowdSecFixture fixture) : IClassFixture<CrowdSecFixture>, IDisposable
{
    private const string ApiKeyCategory = "SentiMail.AspNetCore.ApiKeys.ApiKeyAuthenticationHandler";
    private const string SecurityCategory = "SentiMail.AspNetCore.Security";
    private const string Parser = "sentimail/sentimail-logs";

    // The message templates of src/SentiMail.AspNetCore (ApiKeyLog.cs, SecurityEvents.cs).
    private const string Malformed = "API key authentication failed from {ClientAddress}: malformed credentials in {Source}.";
    private const string Unknown = "API key authentication failed from {ClientAddress}: unknown key id {KeyId}.";
    private const string WrongSecret = "API key authentication failed from {ClientAddress}: wrong secret for key {KeyId}.";
    private const string Expired = "API key authentication failed from {ClientAddress}: key {KeyId} has expired.";
    private const string Revoked = "API key authentication failed from {ClientAddress}: key {KeyId} is revoked.";
    private const string UploadRejected = "Security: upload from {ClientAddress} rejected with status {StatusCode}.";
    private const string RateLimited = "Security: {Method} request from {ClientAddress} refused by a rate limit.";

    // The host's own events (samples/SentiMail.Host/HostLog.cs).
    private const string SignInCategory = "SentiMail.Host.Users.PasswordSignIn";
    private const string WebUploadCategory = "SentiMail.Host.Web.WebUpload";
    private const string AntiforgeryCategory = "SentiMail.Host.Web.AntiforgeryFailureFilter";
    private const string SignInFailed = "Security: sign-in failed for {Email} from {ClientAddress} ({Channel}): {Reason}.";
    private const string WebUploadRejected = "Security: web upload from {ClientAddress} rejected ({Status}): {Reason}.";
    private const string AntiforgeryRejected = "Security: {Method} {Path} from {ClientAddress} refused: antiforgery token missing or invalid.";

    private readonly JsonLogLines _log = new(Manifests.All.Value.Setting("Logging__Console__FormatterOptions__TimestampFormat"));

    public void Dispose() => _log.Dispose();

    [Fact]
    public void EveryYamlFile_Parses_AndTheFilesAgreeWithEachOther()
    {
        var parser = Single(Repository.Deploy("crowdsec", "sentimail-logs.yaml"));
        Assert.Equal(Parser, Scalar(parser, "name"));
        Assert.Equal("next_stage", Scalar(parser, "onsuccess"));
        var filter = Scalar(parser, "filter");
        Assert.Contains("evt.Parsed.program == 'sentimail'", filter, StringComparison.Ordinal);
        foreach (var id in new[] { "5101", "5102", "5103", "5104", "5105", "5201", "5202", "5632", "5640", "5641" })
        {
            Assert.Contains($"'{id}'", filter, StringComparison.Ordinal);
        }

        var logTypes = ((YamlSequenceNode)parser["nodes"]).Children.Cast<YamlMappingNode>()
            .SelectMany(n => ((YamlSequenceNode)n["statics"]).Children.Cast<YamlMappingNode>())
            .Where(s => s.Children.ContainsKey("meta") && Scalar(s, "meta") == "log_type")
            .Select(s => Scalar(s, "value")).ToHashSet(StringComparer.Ordinal);

        var acquisitions = Documents(Repository.Deploy("crowdsec", "acquis-sentimail.yaml"));
        var types = acquisitions.Select(a => Scalar((YamlMappingNode)a["labels"], "type")).ToList();
        Assert.Equal(["sentimail", "nginx"], types);
        Assert.All(acquisitions, a => Assert.NotEmpty((YamlSequenceNode)a["filenames"]));

        var scenarios = CrowdSecFixture.ScenarioFiles.Select(Single).ToList();
        Assert.Equal(5, scenarios.Count);
        foreach (var scenario in scenarios)
        {
            Assert.Equal("leaky", Scalar(scenario, "type"));
            Assert.StartsWith("sentimail/", Scalar(scenario, "name"), StringComparison.Ordinal);
            Assert.Equal("evt.Meta.source_ip", Scalar(scenario, "groupby"));
            Assert.True(int.Parse(Scalar(scenario, "capacity"), System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.Matches("^[0-9]+[smh]$", Scalar(scenario, "leakspeed"));
            Assert.Equal("true", Scalar((YamlMappingNode)scenario["labels"], "remediation"));
            var scenarioFilter = Scalar(scenario, "filter");
            Assert.True(logTypes.Any(t => scenarioFilter.Contains($"'{t}'", StringComparison.Ordinal)) || scenarioFilter.Contains("'http_access-log'", StringComparison.Ordinal),
                $"{Scalar(scenario, "name")} filters on a log_type nobody sets: {scenarioFilter}");
        }
    }

    [Fact]
    public async Task Parser_ReadsEachSecurityEvent_AndNothingElse()
    {
        var expected = new List<(string Line, string? LogType, string? SourceIp)>
        {
            (_log.Line(5101, ApiKeyCategory, LogLevel.Warning, Malformed, ("ClientAddress", "203.0.113.1"), ("Source", "Authorization header")), "sentimail_api_key_failed", "203.0.113.1"),
            (_log.Line(5102, ApiKeyCategory, LogLevel.Warning, Unknown, ("ClientAddress", "203.0.113.2"), ("KeyId", "sm_0001")), "sentimail_api_key_failed", "203.0.113.2"),
            (_log.Line(5103, ApiKeyCategory, LogLevel.Warning, WrongSecret, ("ClientAddress", "203.0.113.3"), ("KeyId", "sm_0002")), "sentimail_api_key_failed", "203.0.113.3"),
            (_log.Line(5104, ApiKeyCategory, LogLevel.Warning, Expired, ("ClientAddress", "2001:db8::4"), ("KeyId", "sm_0003")), "sentimail_api_key_failed", "2001:db8::4"),
            (_log.Line(5105, ApiKeyCategory, LogLevel.Warning, Revoked, ("ClientAddress", "203.0.113.5"), ("KeyId", "sm_0004")), "sentimail_api_key_failed", "203.0.113.5"),
            (_log.Line(5201, SecurityCategory, LogLevel.Warning, UploadRejected, ("ClientAddress", "203.0.113.9"), ("StatusCode", 413)), "sentimail_upload_rejected", "203.0.113.9"),
            (_log.Line(5202, SecurityCategory, LogLevel.Warning, RateLimited, ("Method", "POST"), ("ClientAddress", "2001:db8::7")), "sentimail_rate_limited", "2001:db8::7"),
            (_log.Line(5632, SignInCategory, LogLevel.Warning, SignInFailed, ("Email", "a@example.org"), ("ClientAddress", "203.0.113.40"), ("Channel", "web"), ("Reason", "wrong password")), "sentimail_sign_in_failed", "203.0.113.40"),
            (_log.Line(5640, WebUploadCategory, LogLevel.Warning, WebUploadRejected, ("ClientAddress", "203.0.113.41"), ("Status", 413), ("Reason", "too-large")), "sentimail_upload_rejected", "203.0.113.41"),
            (_log.Line(5641, AntiforgeryCategory, LogLevel.Warning, AntiforgeryRejected, ("Method", "POST"), ("Path", "/signin"), ("ClientAddress", "203.0.113.42")), "sentimail_csrf_rejected", "203.0.113.42"),
            (_log.Line(5633, SignInCategory, LogLevel.Information, "User {UserId} signed in from {ClientAddress} ({Channel}).", ("UserId", "u1"), ("ClientAddress", "203.0.113.43"), ("Channel", "web")), null, null),

            // Unrelated lines: other SentiMail events, the same id from another category, text, broken JSON.
            (_log.Line(5106, ApiKeyCategory, LogLevel.Debug, "API key {KeyId} of owner {OwnerId} authenticated the request.", ("KeyId", "sm_0005"), ("OwnerId", "u1")), null, null),
            (_log.Line(5110, ApiKeyCategory, LogLevel.Information, "API key {KeyId} created for owner {OwnerId} with scopes {Scopes}.", ("KeyId", "sm_0006"), ("OwnerId", "u1"), ("Scopes", "analyses:write")), null, null),
            (_log.Line(5201, "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning, "Request from {ClientAddress} finished.", ("ClientAddress", "203.0.113.8")), null, null),
            (_log.Line(1, SecurityCategory, LogLevel.Information, "Event 5201 mentioned from {ClientAddress}.", ("ClientAddress", "203.0.113.7")), null, null),
            ("warn: SentiMail.AspNetCore.Security[5201] Security: upload from 203.0.113.6 rejected with status 413.", null, null),
            ("{\"EventId\":5201,\"Category\":\"SentiMail.AspNetCore.Security\",\"State\":{\"ClientAddress\":", null, null),
        };

        var report = await fixture.ExplainAsync(expected.Select(e => e.Line).ToList(), "sentimail");
        foreach (var (line, logType, sourceIp) in expected)
        {
            var block = report[line];
            if (logType is null)
            {
                Assert.True(block.Contains("🔴 " + Parser, StringComparison.Ordinal), "parsed, but should not be: " + line + "\n" + block);
                continue;
            }

            Assert.True(block.Contains("🟢 " + Parser, StringComparison.Ordinal), "not parsed: " + line + "\n" + block);
            Assert.Contains("create evt.Meta.log_type : " + logType, block, StringComparison.Ordinal);
            Assert.Contains("create evt.Meta.service : sentimail", block, StringComparison.Ordinal);
            Assert.Contains("parser success", block, StringComparison.Ordinal);
            if (sourceIp is not null)
            {
                Assert.Contains("create evt.Meta.source_ip : " + sourceIp, block, StringComparison.Ordinal);
            }

            // The timestamp of the log line is the event's time (format of the ConfigMap).
            Assert.Contains("create evt.Meta.timestamp : ", block, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scenarios_BanBurstsOfRefusedUploadsRateLimitsAndKeyFailures_NotSmallCountsOrUnknownAddresses()
    {
        var lines = new List<string>();
        lines.AddRange(Repeat(6, () => _log.Line(5201, SecurityCategory, LogLevel.Warning, UploadRejected, ("ClientAddress", "203.0.113.9"), ("StatusCode", 413))));
        lines.AddRange(Repeat(4, () => _log.Line(5201, SecurityCategory, LogLevel.Warning, UploadRejected, ("ClientAddress", "203.0.113.10"), ("StatusCode", 415))));
        lines.AddRange(Repeat(30, () => _log.Line(5202, SecurityCategory, LogLevel.Warning, RateLimited, ("Method", "POST"), ("ClientAddress", "198.51.100.7"))));
        lines.AddRange(Repeat(10, () => _log.Line(5202, SecurityCategory, LogLevel.Warning, RateLimited, ("Method", "GET"), ("ClientAddress", "198.51.100.8"))));
        lines.AddRange(Repeat(30, () => _log.Line(5201, SecurityCategory, LogLevel.Warning, UploadRejected, ("ClientAddress", "unknown"), ("StatusCode", 413))));
        lines.AddRange(Repeat(8, () => _log.Line(5103, ApiKeyCategory, LogLevel.Warning, WrongSecret, ("ClientAddress", "192.0.2.30"), ("KeyId", "sm_0002"))));
        lines.AddRange(Repeat(3, () => _log.Line(5102, ApiKeyCategory, LogLevel.Warning, Unknown, ("ClientAddress", "192.0.2.31"), ("KeyId", "sm_0009"))));
        lines.AddRange(Repeat(30, () => _log.Line(5101, ApiKeyCategory, LogLevel.Warning, Malformed, ("ClientAddress", "unknown"), ("Source", "Authorization header"))));
        lines.AddRange(Enumerable.Range(0, 8).Select(i => _log.Line(5632, SignInCategory, LogLevel.Warning, SignInFailed, ("Email", $"user{i}@example.org"), ("ClientAddress", "192.0.2.40"), ("Channel", i % 2 == 0 ? "web" : "api"), ("Reason", "unknown user"))));
        lines.AddRange(Repeat(3, () => _log.Line(5632, SignInCategory, LogLevel.Warning, SignInFailed, ("Email", "b@example.org"), ("ClientAddress", "192.0.2.41"), ("Channel", "web"), ("Reason", "wrong password"))));

        var output = await fixture.ReplayAsync(lines, "sentimail");
        Assert.Contains("Ip 203.0.113.9 performed 'sentimail/upload-abuse'", output, StringComparison.Ordinal);
        Assert.Contains("Ip 198.51.100.7 performed 'sentimail/rate-limit-abuse'", output, StringComparison.Ordinal);
        Assert.Contains("Ip 192.0.2.30 performed 'sentimail/api-key-failures'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.31 performed", output, StringComparison.Ordinal);
        Assert.Contains("Ip 192.0.2.40 performed 'sentimail/sign-in-bruteforce'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.41 performed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.10 performed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.8 performed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown performed", output, StringComparison.Ordinal);
        Assert.Equal(4, CountOverflows(output));

        // The agent sent the alerts to the LAPI, whose default profile turned them into bans that bouncers receive.
        var decisions = await fixture.CscliAsync("decisions", "list", "-a", "-i", "203.0.113.9", "-o", "json");
        using var json = System.Text.Json.JsonDocument.Parse(decisions);
        var bans = json.RootElement.EnumerateArray()
            .Where(alert => alert.GetProperty("scenario").GetString() == "sentimail/upload-abuse")
            .SelectMany(alert => alert.GetProperty("decisions").EnumerateArray())
            .Where(d => d.GetProperty("type").GetString() == "ban" && d.GetProperty("value").GetString() == "203.0.113.9");
        Assert.NotEmpty(bans);
    }

    [Fact]
    public async Task ApiKeyBruteForce_IsCaughtFromTheProxyAccessLog_OnlyOnTheApi()
    {
        var lines = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            lines.Add($"203.0.113.20 - - [24/Nov/2026:02:00:0{i} +0000] \"POST /api/v1/analyses HTTP/1.1\" 401 0 \"-\" \"curl/8.0\"");
            lines.Add($"203.0.113.21 - - [24/Nov/2026:02:00:0{i} +0000] \"GET /account/login HTTP/1.1\" 401 0 \"-\" \"curl/8.0\"");
            lines.Add($"203.0.113.22 - - [24/Nov/2026:02:00:0{i} +0000] \"POST /api/v1/analyses HTTP/1.1\" 200 512 \"-\" \"curl/8.0\"");
        }

        lines.AddRange(Enumerable.Range(0, 3).Select(i => $"203.0.113.23 - - [24/Nov/2026:02:00:0{i} +0000] \"GET /api/v1/keys HTTP/1.1\" 401 0 \"-\" \"curl/8.0\""));

        var output = await fixture.ReplayAsync(lines, "nginx");
        Assert.Contains("Ip 203.0.113.20 performed 'sentimail/http-api-key-bruteforce'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.21 performed 'sentimail/", output, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.22 performed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.23 performed", output, StringComparison.Ordinal);
    }

    private static int CountOverflows(string output) =>
        output.Split('\n').Count(l => l.Contains(" performed '", StringComparison.Ordinal));

    private static IEnumerable<string> Repeat(int count, Func<string> line) => Enumerable.Range(0, count).Select(_ => line());

    private static YamlMappingNode Single(string path) => (YamlMappingNode)Assert.Single(Documents(path).Cast<YamlNode>());

    private static List<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";
}
