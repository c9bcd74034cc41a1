using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.CrowdSec;
using SentiMail.AspNetCore.Tests.Analyses;
using SentiMail.AspNetCore.Tests.ApiKeys;
using SentiMail.AspNetCore.Tests.Protection;

namespace SentiMail.AspNetCore.Tests.CrowdSec;

/// <summary>The API reports abusive requests (bad API keys, refused uploads, rate-limited requests) to the CrowdSec
/// watcher from the effective client address, as <see cref="CrowdSecWatcherOptions.ReportedEvents"/> selects.</summary>
public sealed class AbuseReportingTests
{
    private const string Analyses = "/api/v1/analyses";

    [Theory]
    [InlineData("sm_0123456789abcdef_wrongwrongwrongwrongwrongwrongwrongwrongwro")]
    [InlineData("not-a-key")]
    public async Task BadApiKey_IsReportedWithThePeerAddress(string key)
    {
        var reporter = new RecordingReporter();
        await using var host = await StartAsync(reporter);

        using var response = await host.SendAsync(HttpMethod.Get, Analyses, key, null, null, PeerAddress.From("198.51.100.7"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var (address, reason) = Assert.Single(reporter.Events);
        Assert.Equal(IPAddress.Parse("198.51.100.7"), address);
        Assert.Equal("invalid API key", reason);
    }

    [Fact]
    public async Task ExpiredAndRevokedKeys_AreReported_NoKeyAndValidKeyAreNot()
    {
        var reporter = new RecordingReporter();
        await using var host = await StartAsync(reporter);
        var service = host.App.Services.GetRequiredService<ApiKeyService>();
        var good = await host.CreateKeyAsync("alice", ApiKeyScopes.Read);
        var revoked = await service.CreateAsync(new ApiKeyCreateRequest { OwnerId = "alice", Name = "r", Scopes = [ApiKeyScopes.Read] });
        await service.RevokeAsync(revoked.Id);
        var expiring = await service.CreateAsync(new ApiKeyCreateRequest
        {
            OwnerId = "alice", Name = "e", Scopes = [ApiKeyScopes.Read], ExpiresAt = AnalysisTestHost.Start.AddMinutes(1),
        });
        host.Time.Advance(TimeSpan.FromMinutes(2));

        using (var ok = await host.SendAsync(HttpMethod.Get, Analyses, good, null, null, PeerAddress.From("198.51.100.8")))
        using (var none = await host.SendAsync(HttpMethod.Get, Analyses, null, null, null, PeerAddress.From("198.51.100.8")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        Assert.Empty(reporter.Events);
        foreach (var key in new[] { revoked.Key, expiring.Key })
        {
            using var response = await host.SendAsync(HttpMethod.Get, Analyses, key, null, null, PeerAddress.From("198.51.100.8"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(2, reporter.Events.Count);
    }

    [Fact]
    public async Task SpoofedForwardedFor_FromUntrustedPeer_ReportsThePeer()
    {
        var reporter = new RecordingReporter();
        await using var host = await StartAsync(reporter);

        using var response = await host.SendAsync(HttpMethod.Get, Analyses, "not-a-key", null, null, PeerAddress.From("198.51.100.9", forwardedFor: "192.0.2.1"));

        Assert.Equal(IPAddress.Parse("198.51.100.9"), Assert.Single(reporter.Events).Address);
    }

    [Fact]
    public async Task ApiKeyFailureEvents_CarryTheEffectiveClientAddress_NotASpoofedOne()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(new RecordingReporter(), services: s => s.AddLogging(b => b.AddProvider(logs)));

        using (var wrong = await host.SendAsync(HttpMethod.Get, Analyses, "sm_0123456789abcdef_wrongwrongwrongwrongwrongwrongwrongwrongwro", null, null, PeerAddress.From("198.51.100.13")))
        using (var malformed = await host.SendAsync(HttpMethod.Get, Analyses, "not-a-key", null, null, PeerAddress.From("::ffff:198.51.100.14", forwardedFor: "192.0.2.1")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        }

        var unknown = Assert.Single(logs.Entries, e => e.EventId.Id == 5102);
        Assert.Contains("from 198.51.100.13:", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("0123456789abcdef", unknown.Message, StringComparison.Ordinal);
        // An untrusted peer's X-Forwarded-For is ignored; the IPv4-mapped peer is logged as IPv4, like the other events.
        var bad = Assert.Single(logs.Entries, e => e.EventId.Id == 5101);
        Assert.Contains("from 198.51.100.14:", bad.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.1", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedUploads_AreReportedAndLogged_AcceptedOnesAreNot()
    {
        var reporter = new RecordingReporter();
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(reporter, services: s => s.AddLogging(b => b.AddProvider(logs)));
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);
        var peer = PeerAddress.From("198.51.100.10");

        using (var accepted = await host.SendAsync(HttpMethod.Post, Analyses, key, null, AnalysisTestHost.Raw(AnalysisTestHost.Sample("clean-personal-en.eml")), peer))
        {
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }

        Assert.Empty(reporter.Events);
        var oversized = new byte[AnalysisTestHost.MaxMessageBytes + 1];
        using (var tooLarge = await host.SendAsync(HttpMethod.Post, Analyses, key, null, AnalysisTestHost.Raw(oversized), peer))
        using (var wrongType = await host.SendAsync(HttpMethod.Post, Analyses, key, null, new StringContent("hello", Encoding.UTF8, "text/plain"), peer))
        using (var notEmail = await host.SendAsync(HttpMethod.Post, Analyses, key, null, AnalysisTestHost.Raw([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]), peer))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, notEmail.StatusCode);
        }

        Assert.Equal(["rejected upload (413 too large)", "rejected upload (415 unsupported media type)", "rejected upload (400)"], reporter.Events.Select(e => e.Reason));
        Assert.All(reporter.Events, e => Assert.Equal(IPAddress.Parse("198.51.100.10"), e.Address));
        var logged = logs.Entries.Where(e => e.EventId.Id == 5201).ToList();
        Assert.Equal(3, logged.Count);
        Assert.All(logged, e => Assert.Contains("198.51.100.10", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReportedEventsNone_ReportsNothing()
    {
        var reporter = new RecordingReporter();
        await using var host = await StartAsync(reporter, o => o.ReportedEvents = CrowdSecReportedEvents.None);

        using var response = await host.SendAsync(HttpMethod.Get, Analyses, "not-a-key", null, null, PeerAddress.From("198.51.100.11"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(reporter.Events);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RateLimitedRequests_AreReportedOnlyWhenSelected(bool selected)
    {
        var reporter = new RecordingReporter();
        await using var host = await StartAsync(
            reporter,
            o => o.ReportedEvents = selected ? CrowdSecReportedEvents.All : CrowdSecReportedEvents.AuthenticationFailures,
            services: s => s.AddSentiMailRateLimiting(o => o.PerIpPermitLimit = 1),
            api: o => o.AllowAnonymousSubmit = true,
            rateLimited: true);
        var peer = PeerAddress.From("198.51.100.12");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await host.SendAsync(HttpMethod.Post, Analyses, null, null, AnalysisTestHost.Raw(AnalysisTestHost.Sample("clean-personal-en.eml")), peer);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(selected ? ["rate limit exceeded"] : [], reporter.Events.Select(e => e.Reason));
    }

    [Fact]
    public void ReportedEvents_UnknownFlags_FailValidation()
    {
        var options = new CrowdSecWatcherOptions
        {
            LapiUrl = new Uri("http://127.0.0.1:8080/"), MachineId = "m", Password = "p", ReportedEvents = (CrowdSecReportedEvents)64,
        };
        var result = new CrowdSecWatcherOptionsValidator().Validate(null, options);
        Assert.Contains(result.Failures!, f => f.Contains("ReportedEvents", StringComparison.Ordinal));
    }

    private static Task<AnalysisTestHost> StartAsync(
        RecordingReporter reporter,
        Action<CrowdSecWatcherOptions>? watcher = null,
        Action<IServiceCollection>? services = null,
        Action<SentiMail.AspNetCore.Analyses.SentiMailApiOptions>? api = null,
        bool rateLimited = false) =>
        AnalysisTestHost.StartAsync(api, compatibility: false, new TestHostHooks
        {
            Services = s =>
            {
                s.AddSingleton<ICrowdSecReporter>(reporter);
                s.AddOptions<CrowdSecWatcherOptions>().Configure(o => watcher?.Invoke(o));
                s.AddSentiMailForwardedHeaders(o => o.TrustedProxies.Add("10.0.0.1"));
                services?.Invoke(s);
            },
            BeforeAuthentication = app =>
            {
                PeerAddress.Use(app);
                app.UseForwardedHeaders();
            },
            AfterAuthentication = app =>
            {
                if (rateLimited)
                {
                    app.UseRateLimiter();
                }
            },
            Mapped = group =>
            {
                if (rateLimited)
                {
                    group.RequireSentiMailRateLimit();
                }
            },
        });

    /// <summary>Records what would be sent to the watcher.</summary>
    private sealed class RecordingReporter : ICrowdSecReporter
    {
        private readonly ConcurrentQueue<(IPAddress Address, string Reason)> _events = new();

        public IReadOnlyList<(IPAddress Address, string Reason)> Events => [.. _events];

        public void Report(IPAddress ip, string reason) => _events.Enqueue((ip, reason));
    }
}
