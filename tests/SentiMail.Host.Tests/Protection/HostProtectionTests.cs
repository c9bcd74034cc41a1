using System.Globalization;
using System.Net;
using SentiMail.Host.Tests.Infrastructure;
using SentiMail.Host.Tests.Tls;

namespace SentiMail.Host.Tests.Protection;

/// <summary>
/// The host's optional protections switched on by configuration alone, in the real host process: the CrowdSec bouncer
/// and watcher against the real CrowdSec LAPI (Debian's package, eng/crowdsec/start-lapi.sh) and the IP rules. The
/// test client plays a trusted proxy (127.0.0.1 in <c>ForwardedHeaders:TrustedProxies</c>) and names the client
/// address in <c>X-Forwarded-For</c>.
/// </summary>
[Collection(CrowdSecLapiGroup.Name)]
public sealed class HostProtectionTests(CrowdSecLapiFixture lapi)
{
    private const string WrongKey = "sm_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    [Fact]
    public async Task Bouncer_BlocksAnAddressTheLapiBans_OthersPass()
    {
        await using var host = await StartAsync(await BouncerAsync());
        using var client = TlsProbe.Client();

        await lapi.CscliAsync("decisions", "add", "--ip", "203.0.113.50", "--duration", "1h");
        try
        {
            using var banned = await GetAsync(client, host.Port, "203.0.113.50");
            Assert.Equal(HttpStatusCode.Forbidden, banned.StatusCode);
            // A bystander reaches the API (which answers 401: no key).
            using var bystander = await GetAsync(client, host.Port, "203.0.113.51");
            Assert.Equal(HttpStatusCode.Unauthorized, bystander.StatusCode);
        }
        finally
        {
            await lapi.CscliAsync("decisions", "delete", "--ip", "203.0.113.50");
        }

        using var after = await GetAsync(client, host.Port, "203.0.113.50");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Watcher_ReportsRepeatedWrongKeys_AndTheBouncerThenBansTheAddress()
    {
        var machine = "sentimail-host-" + Guid.NewGuid().ToString("N")[..8];
        var password = Guid.NewGuid().ToString("N");
        await lapi.CscliAsync("machines", "add", machine, "--password", password, "-f", "-");
        var settings = await BouncerAsync();
        settings.AddRange(
        [
            "--CrowdSec:Watcher:LapiUrl=" + lapi.LapiUrl,
            "--CrowdSec:Watcher:MachineId=" + machine,
            "--CrowdSec:Watcher:Password=" + password,
            "--CrowdSec:Watcher:Threshold=3",
            "--CrowdSec:Watcher:FlushInterval=00:00:01",
            "--CrowdSec:Watcher:BanDuration=00:10:00",
        ]);
        await using var host = await StartAsync(settings);
        using var client = TlsProbe.Client();
        const string attacker = "203.0.113.60";
        try
        {
            for (var i = 0; i < 3; i++)
            {
                using var refused = await GetAsync(client, host.Port, attacker, WrongKey);
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }

            // The watcher posts its alert at the next flush; the LAPI's profile turns it into a ban the bouncer sees.
            await Eventually.TrueAsync(async () =>
            {
                using var response = await GetAsync(client, host.Port, attacker);
                return response.StatusCode == HttpStatusCode.Forbidden;
            });
            var decisions = await lapi.CscliAsync("decisions", "list", "-a", "-i", attacker, "-o", "json");
            Assert.Contains("ban", decisions, StringComparison.Ordinal);
            using var bystander = await GetAsync(client, host.Port, "203.0.113.61");
            Assert.Equal(HttpStatusCode.Unauthorized, bystander.StatusCode);
        }
        finally
        {
            await lapi.CscliAsync("decisions", "delete", "--ip", attacker);
        }
    }

    [Fact]
    public async Task IpRules_FromConfiguration_RefuseADeniedNetwork()
    {
        await using var host = await StartAsync(["--IpRules:Deny:0=198.51.100.0/24"]);
        using var client = TlsProbe.Client();

        using var denied = await GetAsync(client, host.Port, "198.51.100.7");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        using var other = await GetAsync(client, host.Port, "192.0.2.7");
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task Bouncer_WithoutItsApiKey_StopsTheHostAtStartWithTheReason()
    {
        using var root = new TempDirectory();
        await using var host = HostProcess.Start(root.Path, Arguments(FreePort.Next(), ["--CrowdSec:Bouncer:LapiUrl=" + lapi.LapiUrl]));
        var exit = await host.WaitForExitAsync();
        Assert.NotEqual(0, exit);
        Assert.Contains("ApiKey", host.Output, StringComparison.Ordinal);
    }

    private async Task<List<string>> BouncerAsync()
    {
        var key = await lapi.AddBouncerAsync("sentimail-host");
        return
        [
            "--CrowdSec:Bouncer:LapiUrl=" + lapi.LapiUrl,
            "--CrowdSec:Bouncer:ApiKey=" + key,
            "--CrowdSec:Bouncer:CacheDuration=00:00:00",
            "--CrowdSec:Bouncer:FailOpen=false",
        ];
    }

    private static async Task<StartedHost> StartAsync(IEnumerable<string> settings)
    {
        var root = new TempDirectory();
        var port = FreePort.Next();
        var process = HostProcess.Start(root.Path, Arguments(port, settings));
        try
        {
            await process.WaitUntilStartedAsync();
        }
        catch
        {
            await process.DisposeAsync();
            root.Dispose();
            throw;
        }

        return new StartedHost(process, root, port);
    }

    private static string[] Arguments(int https, IEnumerable<string> settings) =>
    [
        "--SentiMail:Tls:HttpsPort=" + https.ToString(CultureInfo.InvariantCulture),
        "--SentiMail:Tls:HttpPort=" + FreePort.Next().ToString(CultureInfo.InvariantCulture),
        "--Backup:Enabled=false",
        "--ForwardedHeaders:TrustedProxies:0=127.0.0.1",
        .. settings,
    ];

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, int port, string clientAddress, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://127.0.0.1:{port}/api/v1/analyses"));
        request.Headers.Add("X-Forwarded-For", clientAddress);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return await client.SendAsync(request);
    }

    private sealed class StartedHost(HostProcess process, TempDirectory root, int port) : IAsyncDisposable
    {
        public int Port { get; } = port;

        public async ValueTask DisposeAsync()
        {
            await process.DisposeAsync();
            root.Dispose();
        }
    }
}
