using System.Globalization;
using System.Net;
using System.Text.Json;
using SentiMail.Host.Tests.Infrastructure;
using SentiMail.Host.Tests.Tls;

namespace SentiMail.Host.Tests.Observability;

/// <summary>The real host process on loopback, in Production: JSON log lines and the Prometheus endpoint.</summary>
public sealed class ObservabilityProcessTests
{
    private static string[] Arguments(int https, params string[] more) =>
        ["--SentiMail:Tls:HttpsPort=" + https.ToString(CultureInfo.InvariantCulture), "--SentiMail:Tls:HttpPort=" + FreePort.Next().ToString(CultureInfo.InvariantCulture), "--Backup:Enabled=false", "--Api:AllowAnonymousSubmit=true", .. more];

    // Production without Logging:Console:FormatterName: the host picks the JSON formatter.
    private static readonly Dictionary<string, string> s_jsonLogs = new() { ["Logging__Console__FormatterName"] = "" };

    [Fact]
    public async Task AfterAnalyses_MetricsExposeVerdictsAndDurations_AndABadKeyIsAJsonLogLine()
    {
        using var root = new TempDirectory();
        var https = FreePort.Next();
        await using var host = HostProcess.Start(root.Path, Arguments(https), s_jsonLogs);
        await host.WaitUntilStartedAsync();
        using var client = TlsProbe.Client();
        // The engine warms up with one analysis of its own before the host turns ready: count from there.
        await Eventually.TrueAsync(async () =>
        {
            using var ready = await client.GetAsync(new Uri($"https://127.0.0.1:{https}/healthz/ready"));
            return ready.IsSuccessStatusCode;
        });
        var before = AnalysesTotal(await client.GetStringAsync(new Uri($"https://127.0.0.1:{https}/metrics")));

        for (var i = 0; i < 3; i++)
        {
            using var content = new ByteArrayContent(Samples.RawMessage("metrics-" + i));
            content.Headers.ContentType = new("message/rfc822");
            using var analysis = await client.PostAsync(new Uri($"https://127.0.0.1:{https}/api/v1/analyses"), content);
            Assert.True(analysis.IsSuccessStatusCode, $"{analysis.StatusCode}: {await analysis.Content.ReadAsStringAsync()}");
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://127.0.0.1:{https}/api/v1/analyses")))
        {
            // Well formed, unknown id: event 5102.
            request.Headers.Add("X-Api-Key", "sm_0123456789abcdef_" + new string('A', 43));
            using var refused = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // The exporter caches a scrape for a moment: poll until the three analyses show.
        var text = "";
        await Eventually.TrueAsync(async () =>
        {
            using var metrics = await client.GetAsync(new Uri($"https://127.0.0.1:{https}/metrics"));
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            text = await metrics.Content.ReadAsStringAsync();
            return AnalysesTotal(text) == before + 3;
        });
        var analyses = text.Split('\n').Where(l => l.StartsWith("sentimail_analyses_total{", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(analyses);
        Assert.All(analyses, l => Assert.Matches("verdict=\"(clean|suspicious|malicious)\"", l));
        Assert.Contains("sentimail_analysis_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("le=\"0.001\"", text, StringComparison.Ordinal);
        Assert.Matches($"(?m)^sentimail_analysis_duration_seconds_count(\\{{[^}}]*\\}})? {before + 3}( |$)", text);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);

        await Eventually.TrueAsync(() => FindLine(host, "\"EventId\":5102") is not null);
        var line = FindLine(host, "\"EventId\":5102")!;
        using var json = JsonDocument.Parse(line[line.IndexOf('{', StringComparison.Ordinal)..]);
        Assert.Equal(5102, json.RootElement.GetProperty("EventId").GetInt32());
        Assert.Equal("Warning", json.RootElement.GetProperty("LogLevel").GetString());
        Assert.StartsWith("SentiMail.", json.RootElement.GetProperty("Category").GetString(), StringComparison.Ordinal);
        Assert.Equal("0123456789abcdef", json.RootElement.GetProperty("State").GetProperty("KeyId").GetString());
        Assert.Equal("127.0.0.1", json.RootElement.GetProperty("State").GetProperty("ClientAddress").GetString());
    }

    private static double AnalysesTotal(string text) => text.Split('\n')
        .Where(l => l.StartsWith("sentimail_analyses_total{", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    private static string? FindLine(HostProcess host, string marker) =>
        host.Output.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));

    [Fact]
    public async Task Metrics_AreRefusedOutsideTheAllowedNetworks()
    {
        using var root = new TempDirectory();
        var https = FreePort.Next();
        await using var host = HostProcess.Start(root.Path, Arguments(https, "--Metrics:AllowedNetworks:0=192.0.2.0/24"));
        await host.WaitUntilStartedAsync();
        using var client = TlsProbe.Client();

        using var metrics = await client.GetAsync(new Uri($"https://127.0.0.1:{https}/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.DoesNotContain("sentimail_", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_KeepsTheDefaultConsoleFormat()
    {
        using var root = new TempDirectory();
        var https = FreePort.Next();
        await using var host = HostProcess.Start(root.Path, Arguments(https),
            new Dictionary<string, string> { ["Logging__Console__FormatterName"] = "", ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        await host.WaitUntilStartedAsync();

        Assert.Contains("Now listening on", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"EventId\":", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidAllowedNetwork_StopsTheHostAtStartup()
    {
        using var root = new TempDirectory();
        await using var host = HostProcess.Start(root.Path, Arguments(FreePort.Next(), "--Metrics:AllowedNetworks:0=10.0.0.0/33"));

        Assert.NotEqual(0, await host.WaitForExitAsync());
        Assert.Contains("'10.0.0.0/33' is not a network in CIDR notation", host.Output, StringComparison.Ordinal);
    }
}
