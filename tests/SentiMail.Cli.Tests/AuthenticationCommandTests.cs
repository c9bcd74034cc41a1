using System.Text.Json;
using SentiMail.Testing;

namespace SentiMail.Cli.Tests;

/// <summary>The CLI's authentication options, end to end against a real DNS server on loopback.</summary>
public sealed class AuthenticationCommandTests : IAsyncLifetime
{
    private readonly SignedMessages _bank = new("bank.test", "cli2026");
    private readonly string _temp = Directory.CreateTempSubdirectory("sentimail-cli-auth-").FullName;
    private DnsmasqServer? _dns;

    public async Task InitializeAsync()
    {
        var zone = new DnsZone()
            .Txt(_bank.KeyName, _bank.KeyRecord)
            .Txt("bank.test", "v=spf1 ip4:185.70.40.0/24 -all")
            .Txt("_dmarc.bank.test", "v=DMARC1; p=reject");
        _dns = await DnsmasqServer.StartAsync(zone, ["bank.test", "evil.test"]);
    }

    public async Task DisposeAsync()
    {
        if (_dns is not null)
        {
            await _dns.DisposeAsync();
        }

        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public async Task Analyze_SignedTamperedAndSpoofed_GiveTheExpectedAuthenticationResults()
    {
        var signed = Write("signed.eml", _bank.Sign("alerts@bank.test", "Statement", "Your statement is ready."));
        var tampered = Write("tampered.eml", SignedMessages.Tamper(_bank.Sign("alerts@bank.test", "Statement", "Your statement is ready."), "is ready", "is overdue"));
        var spoofed = Write("spoofed.eml", System.Text.Encoding.ASCII.GetBytes(
            "From: Bank <security@bank.test>\r\nTo: c@example.org\r\nSubject: Locked\r\nDate: Fri, 20 Nov 2026 09:30:00 +0000\r\nMessage-ID: <1@evil.test>\r\n\r\nLocked.\r\n"));

        var good = await Ids(signed, "185.70.40.10", "bounces@bank.test");
        var bad = await Ids(tampered, "185.70.40.10", "bounces@bank.test");
        var fake = await Ids(spoofed, "45.10.20.30", "x@evil.test");

        Assert.Contains("dkim.pass", good);
        Assert.Contains("dmarc.pass", good);
        Assert.Contains("spf.pass", good);
        Assert.Contains("dkim.fail", bad);
        Assert.Contains("dmarc.pass", bad);
        Assert.Contains("dmarc.fail", fake);
        Assert.Contains("spf.none", fake);
    }

    [Fact]
    public async Task Analyze_DnsAndOfflineTogether_IsAUsageError()
    {
        var run = await CliRun.InProcessAsync("analyze", RepoPaths.Sample("clean-personal-en.eml"), "--dns", "127.0.0.1", "--offline");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
    }

    [Theory]
    [InlineData("--dns", "not-an-ip")]
    [InlineData("--client-ip", "300.1.1.1")]
    public async Task Analyze_BadAuthenticationOption_IsAUsageError(string option, string value)
    {
        var run = await CliRun.InProcessAsync("analyze", RepoPaths.Sample("clean-personal-en.eml"), option, value);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains(value, run.Stderr, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_temp, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private async Task<List<string>> Ids(string file, string clientIp, string mailFrom)
    {
        var run = await CliRun.InProcessAsync("analyze", file, "--json", "--dns", _dns!.Endpoint, "--client-ip", clientIp, "--mail-from", mailFrom);
        Assert.Equal(ExitCodes.Analysed, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        return [.. doc.RootElement.GetProperty("signals").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
    }
}
