using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using SentiMail.Authentication;
using SentiMail.Authentication.Spf;
using SentiMail.Context;
using SentiMail.Dns;
using SentiMail.Rules;
using SentiMail.Testing;

namespace SentiMail.Benchmarks;

/// <summary>SPF + DKIM + ARC + DMARC for a signed message with a warm DNS cache (records served from memory through the
/// engine's cache, so the figures are the verification work itself), against the offline analyzer as baseline.</summary>
[MemoryDiagnoser]
public class AuthenticationBenchmarks
{
    private static readonly IPAddress s_client = IPAddress.Parse("185.70.40.10");
    private byte[] _message = [];
    private EmailAnalyzer _offline = null!;
    private EmailAnalyzer _online = null!;
    private SpfValidator _spf = null!;
    private CachingDnsResolver _cached = null!;
    private MimeKit.MimeMessage _parsed = null!;
    private readonly SentiMail.Authentication.Dkim.DkimKeyCache _keys = new();
    private readonly MessageEnvelope _envelope = new() { ClientIp = s_client, MailFrom = "bounces@bank.test", Helo = "mx1.bank.test" };

    /// <summary>Signs a message, publishes the zone in memory and warms the cache.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var bank = new SignedMessages("bank.test", "bench");
        _message = bank.Sign("alerts@bank.test", "Your statement", "Your November statement is available in your online banking.");
        var zone = new InMemoryDnsResolver()
            .AddTxt("bank.test", "v=spf1 ip4:185.70.40.0/24 include:_spf.bank.test -all")
            .AddTxt("_spf.bank.test", "v=spf1 ip4:91.198.0.0/16 -all")
            .AddTxt("_dmarc.bank.test", "v=DMARC1; p=reject")
            .AddTxt(bank.KeyName, bank.KeyRecord);
        var options = new SentiMailOptions();
        options.Authentication.Offline = false;
        var cached = new CachingDnsResolver(zone, options.Authentication.Dns);
        _online = new EmailAnalyzer([new AuthenticationAnalyzer(cached, options.Authentication)], Options.Create(options), RuleSet.BuiltIn);
        _offline = new EmailAnalyzer([new AuthenticationAnalyzer(null, new AuthenticationOptions())], Options.Create(new SentiMailOptions()), RuleSet.BuiltIn);
        _spf = new SpfValidator(cached);
        _cached = cached;
        _parsed = MimeKit.MimeMessage.Load(new MemoryStream(_message));
        var report = _online.AnalyzeAsync(_message, _envelope).GetAwaiter().GetResult();
        Console.WriteLine("// " + string.Join(", ", report.Signals.Select(s => s.Id)));
    }

    /// <summary>The authentication analyzer offline (it only reports the checks as skipped).</summary>
    /// <returns>The score.</returns>
    [Benchmark(Baseline = true)]
    public async Task<int> Offline() => (await _offline.AnalyzeAsync(_message, _envelope)).Score;

    /// <summary>SPF, DKIM, ARC and DMARC with every record in the warm cache.</summary>
    /// <returns>The score.</returns>
    [Benchmark]
    public async Task<int> SpfDkimDmarcWarmCache() => (await _online.AnalyzeAsync(_message, _envelope)).Score;

    /// <summary>SPF alone (an include and two ip4 mechanisms) with a warm cache.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public async Task<SpfResult> SpfOnlyWarmCache() => (await _spf.CheckAsync(s_client, "bounces@bank.test", "mx1.bank.test")).Result;

    /// <summary>DKIM alone (one RSA-2048 signature), key record and parsed key in the warm caches.</summary>
    /// <returns>The number of signatures.</returns>
    [Benchmark]
    public async Task<int> DkimOnlyWarmCache() =>
        (await new SentiMail.Authentication.Dkim.DkimVerification(new SentiMail.Authentication.Dkim.DnsDkimPublicKeyLocator(_cached, _keys), TimeProvider.System).VerifyAsync(_parsed, CancellationToken.None)).Count;

    /// <summary>DMARC alone, record in the warm cache.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public async Task<SentiMail.Authentication.Dmarc.DmarcResult> DmarcOnlyWarmCache() =>
        (await new SentiMail.Authentication.Dmarc.DmarcEvaluator(_cached, RuleSet.BuiltIn.PublicSuffixes).EvaluateAsync("bank.test", "bank.test", [])).Result;

    /// <summary>Parsing a DKIM key that is not cached yet (BouncyCastle validates the RSA modulus): the cost the key
    /// cache saves on every later message of the same sender.</summary>
    /// <returns>The key.</returns>
    [Benchmark]
    public async Task<object> DkimKeyParseCold() =>
        await new SentiMail.Authentication.Dkim.DnsDkimPublicKeyLocator(_cached).LocatePublicKeyAsync("dns/txt", "bank.test", "bench");
}
