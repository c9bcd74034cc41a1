using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentiMail.AspNetCore.CrowdSec;

namespace SentiMail.AspNetCore.Tests.CrowdSec;

public sealed class CrowdSecBouncerMiddlewareTests : IAsyncLifetime
{
    private FakeLapi _lapi = null!;

    public async Task InitializeAsync() => _lapi = await FakeLapi.StartAsync();

    public async Task DisposeAsync() => await _lapi.DisposeAsync();

    private void RespondWithDecisions(string bannedIp, string decisionJson) => _lapi.Handler = context =>
        context.Request.Query["ip"] == bannedIp ? FakeLapi.Json(decisionJson)(context) : FakeLapi.Json("null")(context);

    [Fact]
    public async Task Live_NullBody_Passes()
    {
        await using var app = await BouncerApp.StartAsync(_lapi);
        using var response = await app.GetAsync("192.0.2.10");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/v1/decisions?ip=192.0.2.10", Assert.Single(_lapi.Requests));
        Assert.Equal("test-key", Assert.Single(_lapi.ApiKeys));
    }

    [Fact]
    public async Task Live_BanDecision_Returns403ProblemDetails()
    {
        RespondWithDecisions("127.0.0.9", "[" + FakeLapi.Decision(1, "127.0.0.9") + "]");
        await using var app = await BouncerApp.StartAsync(_lapi);
        using var blocked = await app.GetAsync("127.0.0.9");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("application/problem+json", blocked.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await blocked.Content.ReadAsStringAsync());
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("manual", problem.RootElement.ToString(), StringComparison.Ordinal); // no scenario leaked
        using var other = await app.GetAsync("127.0.0.8");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Live_Ipv4MappedClientAddress_QueriedAsIpv4()
    {
        RespondWithDecisions("127.0.0.9", "[" + FakeLapi.Decision(1, "127.0.0.9") + "]");
        await using var app = await BouncerApp.StartAsync(_lapi);
        using var blocked = await app.GetAsync("::ffff:127.0.0.9");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
    }

    [Fact]
    public async Task Live_RangeDecision_Blocks()
    {
        RespondWithDecisions("10.10.3.4", "[" + FakeLapi.Decision(5, "10.10.0.0/16", "Range") + "]");
        await using var app = await BouncerApp.StartAsync(_lapi);
        using var blocked = await app.GetAsync("10.10.3.4");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
    }

    [Fact]
    public async Task Live_CaptchaDecision_Passes()
    {
        RespondWithDecisions("127.0.0.9", "[" + FakeLapi.Decision(1, "127.0.0.9", type: "captcha") + "]");
        await using var app = await BouncerApp.StartAsync(_lapi);
        using var response = await app.GetAsync("127.0.0.9");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Live_CustomBlockStatusCode_Used()
    {
        RespondWithDecisions("127.0.0.9", "[" + FakeLapi.Decision(1, "127.0.0.9") + "]");
        await using var app = await BouncerApp.StartAsync(_lapi, o => o.BlockStatusCode = 429);
        using var response = await app.GetAsync("127.0.0.9");
        Assert.Equal((HttpStatusCode)429, response.StatusCode);
    }

    [Fact]
    public async Task Live_Cache_OneLapiCallUntilExpiry()
    {
        var time = new FakeTimeProvider();
        RespondWithDecisions("127.0.0.9", "[" + FakeLapi.Decision(1, "127.0.0.9") + "]");
        await using var app = await BouncerApp.StartAsync(_lapi, o => o.CacheDuration = TimeSpan.FromSeconds(10), time);
        for (var i = 0; i < 3; i++)
        {
            using var response = await app.GetAsync("127.0.0.9");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Single(_lapi.Requests);
        _lapi.Handler = FakeLapi.Json("null"); // decision deleted
        time.Advance(TimeSpan.FromSeconds(9));
        using (var stillCached = await app.GetAsync("127.0.0.9"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, stillCached.StatusCode);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        using var expired = await app.GetAsync("127.0.0.9");
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        Assert.Equal(2, _lapi.Requests.Count);
    }

    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.ServiceUnavailable)]
    public async Task Live_MalformedJson_FailOpenOrClosed(bool failOpen, HttpStatusCode expected)
    {
        _lapi.Handler = FakeLapi.Json("[{\"type\":\"ban\",");
        await using var app = await BouncerApp.StartAsync(_lapi, o => o.FailOpen = failOpen);
        using var response = await app.GetAsync("127.0.0.9");
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.ServiceUnavailable)]
    public async Task Live_LapiError_FailOpenOrClosed(bool failOpen, HttpStatusCode expected)
    {
        _lapi.Handler = context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        };
        await using var app = await BouncerApp.StartAsync(_lapi, o => o.FailOpen = failOpen);
        using var response = await app.GetAsync("127.0.0.9");
        Assert.Equal(expected, response.StatusCode);
        if (!failOpen)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Live_WrongApiKey403FromLapi_FailClosedIs503NotBlock()
    {
        _lapi.Handler = context =>
        {
            context.Response.StatusCode = 403;
            return context.Response.WriteAsync("{\"message\":\"access forbidden\"}");
        };
        await using var app = await BouncerApp.StartAsync(_lapi, o => o.FailOpen = false);
        using var response = await app.GetAsync("127.0.0.9");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.ServiceUnavailable)]
    public async Task Live_SlowLapi_TimesOutWithinBudget(bool failOpen, HttpStatusCode expected)
    {
        _lapi.Handler = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            await context.Response.WriteAsync("null");
        };
        await using var app = await BouncerApp.StartAsync(_lapi, o =>
        {
            o.FailOpen = failOpen;
            o.RequestTimeout = TimeSpan.FromMilliseconds(100);
        });
        var started = TimeProvider.System.GetTimestamp();
        using var response = await app.GetAsync("127.0.0.9");
        Assert.Equal(expected, response.StatusCode);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Live_FailureNotCached()
    {
        _lapi.Handler = FakeLapi.Json("garbage");
        await using var app = await BouncerApp.StartAsync(_lapi, o => o.FailOpen = false);
        using (var first = await app.GetAsync("127.0.0.9"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        }

        _lapi.Handler = FakeLapi.Json("null");
        using var second = await app.GetAsync("127.0.0.9");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Live_UnreachableLapi_FailOpen()
    {
        await using var app = await BouncerApp.StartAsync(o =>
        {
            o.LapiUrl = new Uri("http://127.0.0.1:1/");
            o.ApiKey = "k";
        });
        using var response = await app.GetAsync("127.0.0.9");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Stream_StartupPull_BlocksIpAndRange_ThenDeletionUnblocksAfterNextPull()
    {
        var time = new FakeTimeProvider();
        _lapi.Handler = FakeLapi.Json("{\"deleted\":null,\"new\":[" + FakeLapi.Decision(1, "127.0.0.9") + "," + FakeLapi.Decision(2, "10.10.0.0/16", "Range") + "]}");
        await using var app = await BouncerApp.StartAsync(_lapi, o => o.Mode = CrowdSecBouncerMode.Stream, time);
        var store = app.Services.GetRequiredService<CrowdSecDecisionStore>();
        await WaitUntil(() => store.Count == 2);
        Assert.Equal("/v1/decisions/stream?startup=true", Assert.Single(_lapi.Requests));

        using (var ip = await app.GetAsync("127.0.0.9"))
        using (var range = await app.GetAsync("10.10.200.1"))
        using (var other = await app.GetAsync("127.0.0.8"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, ip.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, range.StatusCode);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        Assert.Single(_lapi.Requests); // requests are answered from memory
        _lapi.Handler = FakeLapi.Json("{\"deleted\":[" + FakeLapi.Decision(1, "127.0.0.9") + "],\"new\":null}");
        time.Advance(TimeSpan.FromSeconds(10));
        await WaitUntil(() => store.Count == 1);
        Assert.Equal("/v1/decisions/stream?startup=false", _lapi.Requests.Last());
        using var unbanned = await app.GetAsync("127.0.0.9");
        Assert.Equal(HttpStatusCode.OK, unbanned.StatusCode);
    }

    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.ServiceUnavailable)]
    public async Task Stream_StartupPullFailed_FailOpenOrClosed(bool failOpen, HttpStatusCode expected)
    {
        _lapi.Handler = FakeLapi.Json("{\"new\":[{]}");
        await using var app = await BouncerApp.StartAsync(_lapi, o =>
        {
            o.Mode = CrowdSecBouncerMode.Stream;
            o.FailOpen = failOpen;
        });
        await WaitUntil(() => !_lapi.Requests.IsEmpty);
        using var response = await app.GetAsync("127.0.0.9");
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Stream_PullFailure_NextPullIsFullResync()
    {
        var time = new FakeTimeProvider();
        _lapi.Handler = FakeLapi.Json("{\"deleted\":null,\"new\":[" + FakeLapi.Decision(1, "127.0.0.9") + "]}");
        await using var app = await BouncerApp.StartAsync(_lapi, o => o.Mode = CrowdSecBouncerMode.Stream, time);
        var store = app.Services.GetRequiredService<CrowdSecDecisionStore>();
        await WaitUntil(() => store.Count == 1);
        _lapi.Handler = context =>
        {
            context.Response.StatusCode = 502;
            return Task.CompletedTask;
        };
        time.Advance(TimeSpan.FromSeconds(10));
        await WaitUntil(() => _lapi.Requests.Count == 2);
        using (var stillBanned = await app.GetAsync("127.0.0.9"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, stillBanned.StatusCode);
        }

        _lapi.Handler = FakeLapi.Json("{\"deleted\":null,\"new\":null}");
        time.Advance(TimeSpan.FromSeconds(10));
        await WaitUntil(() => _lapi.Requests.Count == 3);
        Assert.Equal("/v1/decisions/stream?startup=true", _lapi.Requests.Last());
        await WaitUntil(() => store.Count == 0);
    }

    [Fact]
    public async Task HealthCheck_LapiAnswers_Healthy_Unreachable_Degraded()
    {
        await using (var app = await BouncerApp.StartAsync(_lapi))
        {
            Assert.Equal("Healthy", await app.Client.GetStringAsync("/health"));
        }

        await using var down = await BouncerApp.StartAsync(o =>
        {
            o.LapiUrl = new Uri("http://127.0.0.1:1/");
            o.ApiKey = "k";
        });
        Assert.Equal("Degraded", await down.Client.GetStringAsync("/health"));
    }

    [Fact]
    public async Task Start_InvalidOptions_FailsListingEveryError()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => BouncerApp.StartAsync(o => o.CacheSize = 0));
        Assert.Equal(3, error.Failures.Count());
    }

    [Fact]
    public void UseSentiMailCrowdSec_WithoutAdd_ThrowsNamingTheMissingCall()
    {
        var builder = WebApplication.CreateSlimBuilder();
        using var app = builder.Build();
        var error = Assert.Throws<InvalidOperationException>(() => app.UseSentiMailCrowdSec());
        Assert.Contains("AddSentiMailCrowdSec", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSentiMailCrowdSec_Twice_RegistersServicesOnce()
    {
        var services = new ServiceCollection();
        services.AddSentiMailCrowdSec(o => o.ApiKey = "a");
        services.AddSentiMailCrowdSec(o => o.LapiUrl = new Uri("http://127.0.0.1:8080"));
        Assert.Single(services, d => d.ServiceType == typeof(CrowdSecLapiClient));
        Assert.Single(services, d => d.ImplementationType == typeof(CrowdSecStreamService));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<CrowdSecBouncerOptions>>().Value;
        Assert.Equal("a", options.ApiKey);
        Assert.NotNull(options.LapiUrl);
    }

    [Fact]
    public async Task NoClientAddress_Passes()
    {
        await using var app = await BouncerApp.StartAsync(_lapi);
        var middleware = new CrowdSecBouncerMiddleware(
            _ => Task.CompletedTask,
            app.Services.GetRequiredService<ICrowdSecDecisionSource>(),
            app.Services.GetRequiredService<IOptions<CrowdSecBouncerOptions>>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CrowdSecBouncerMiddleware>.Instance);
        var context = new DefaultHttpContext();
        await middleware.InvokeAsync(context);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Empty(_lapi.Requests);
    }

    internal static async Task WaitUntil(Func<bool> condition, int timeoutMs = 10_000)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromMilliseconds(timeoutMs), "condition not met in time");
            await Task.Delay(10);
        }
    }
}
