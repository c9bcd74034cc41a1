using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.Protection;
using SentiMail.AspNetCore.Tests.Analyses;

namespace SentiMail.AspNetCore.Tests.Protection;

public sealed class RateLimitingTests
{
    private const string Analyses = "/api/v1/analyses";
    private const string Clean = "clean-personal-en.eml";

    internal static Task<AnalysisTestHost> StartAsync(Action<SentiMailRateLimitOptions>? limits = null, bool anonymous = true, Action<IServiceCollection>? services = null, Action<WebApplication>? beforeAuthentication = null) =>
        AnalysisTestHost.StartAsync(o => o.AllowAnonymousSubmit = anonymous, compatibility: false, new TestHostHooks
        {
            Services = s =>
            {
                s.AddSentiMailRateLimiting(limits);
                services?.Invoke(s);
            },
            BeforeAuthentication = app =>
            {
                PeerAddress.Use(app);
                beforeAuthentication?.Invoke(app);
            },
            AfterAuthentication = app => app.UseRateLimiter(),
            Mapped = group => group.RequireSentiMailRateLimit(),
        });

    internal static Task<HttpResponseMessage> UploadAsync(AnalysisTestHost host, Dictionary<string, string> headers, string? apiKey = null) =>
        host.SendAsync(HttpMethod.Post, Analyses, apiKey, testUser: null, AnalysisTestHost.Raw(AnalysisTestHost.Sample(Clean)), headers);

    [Fact]
    public async Task Sixth_anonymous_upload_from_one_ip_is_rejected_while_another_ip_passes()
    {
        await using var host = await StartAsync();

        for (var i = 0; i < 5; i++)
        {
            using var ok = await UploadAsync(host, PeerAddress.From("198.51.100.7"));
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var rejected = await UploadAsync(host, PeerAddress.From("198.51.100.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync());
        Assert.Equal(SentiMailProblemTypes.TooManyRequests, problem.RootElement.GetProperty("type").GetString());

        using var other = await UploadAsync(host, PeerAddress.From("198.51.100.8"));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task Uploads_counted_by_the_quota_service_share_the_anonymous_window_with_the_api()
    {
        await using var host = await StartAsync();
        var quota = host.App.Services.GetRequiredService<SentiMailSubmitQuota>();
        var form = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = host.App.Services };
        form.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("198.51.100.21");

        // Two uploads outside the middleware (a web form), three through the API: the quota of five is used up.
        for (var i = 0; i < 2; i++)
        {
            using var lease = quota.AttemptAcquireUpload(form);
            Assert.True(lease.IsAcquired);
        }

        for (var i = 0; i < 3; i++)
        {
            using var ok = await UploadAsync(host, PeerAddress.From("198.51.100.21"));
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var rejected = await UploadAsync(host, PeerAddress.From("198.51.100.21"));
        using var refused = quota.AttemptAcquireUpload(form);

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        // Another address has its own window.
        form.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("198.51.100.22");
        using var other = quota.AttemptAcquireUpload(form);
        Assert.True(other.IsAcquired);
    }

    [Fact]
    public async Task Anonymous_reads_do_not_use_up_the_anonymous_upload_quota_but_are_limited_themselves()
    {
        // The order of the documented example: the limiter between authentication and authorization, so it sees
        // anonymous reads before authorization answers them 401.
        await using var host = await AnalysisTestHost.StartAsync(o => o.AllowAnonymousSubmit = true, compatibility: false, new TestHostHooks
        {
            Services = s => s.AddSentiMailRateLimiting(o =>
            {
                o.PerIpPermitLimit = 1;
                o.PerKeyPermitLimit = 3;
            }),
            BeforeAuthentication = app =>
            {
                PeerAddress.Use(app);
                app.UseAuthentication();
                app.UseRateLimiter();
            },
            Mapped = group => group.RequireSentiMailRateLimit(),
        });
        var peer = PeerAddress.From("198.51.100.13");
        var reads = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var read = await host.SendAsync(HttpMethod.Get, Analyses, null, null, null, peer);
            reads.Add(read.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], reads);
        using var upload = await UploadAsync(host, peer);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        using var second = await UploadAsync(host, peer);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    [Fact]
    public async Task Rejection_carries_retry_after_within_the_window()
    {
        await using var host = await StartAsync(o => o.PerIpPermitLimit = 1);

        using var ok = await UploadAsync(host, PeerAddress.From("198.51.100.9"));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        using var rejected = await UploadAsync(host, PeerAddress.From("198.51.100.9"));

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        var retryAfter = rejected.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task Api_keys_have_their_own_limit_independent_of_ip_and_of_each_other()
    {
        await using var host = await StartAsync(o =>
        {
            o.PerKeyPermitLimit = 2;
            o.PerIpPermitLimit = 1;
        }, anonymous: false);
        var first = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);
        var second = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);
        var peer = PeerAddress.From("198.51.100.10");

        using var a1 = await UploadAsync(host, peer, first);
        using var a2 = await UploadAsync(host, peer, first);
        using var a3 = await UploadAsync(host, peer, first);
        using var b1 = await UploadAsync(host, peer, second);

        Assert.Equal(HttpStatusCode.Created, a1.StatusCode);
        Assert.Equal(HttpStatusCode.Created, a2.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, a3.StatusCode);
        Assert.NotNull(a3.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Created, b1.StatusCode);
    }

    [Fact]
    public async Task Users_have_their_own_limit_independent_of_ip()
    {
        await using var host = await StartAsync(o =>
        {
            o.PerUserPermitLimit = 1;
            o.PerIpPermitLimit = 1;
        });
        var peer = PeerAddress.From("198.51.100.11");

        using var alice1 = await host.SendAsync(HttpMethod.Post, Analyses, apiKey: null, "alice", AnalysisTestHost.Raw(AnalysisTestHost.Sample(Clean)), peer);
        using var alice2 = await host.SendAsync(HttpMethod.Post, Analyses, apiKey: null, "alice", AnalysisTestHost.Raw(AnalysisTestHost.Sample(Clean)), peer);
        using var bob = await host.SendAsync(HttpMethod.Post, Analyses, apiKey: null, "bob", AnalysisTestHost.Raw(AnalysisTestHost.Sample(Clean)), peer);
        using var anonymous = await UploadAsync(host, peer);

        Assert.Equal(HttpStatusCode.Created, alice1.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, alice2.StatusCode);
        Assert.Equal(HttpStatusCode.Created, bob.StatusCode);
        Assert.Equal(HttpStatusCode.Created, anonymous.StatusCode);
    }

    [Fact]
    public void Invalid_options_are_all_reported()
    {
        var services = new ServiceCollection().AddSentiMailRateLimiting(o =>
        {
            o.PerIpPermitLimit = 0;
            o.PerKeyWindow = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SentiMailRateLimitOptions>>().Value);
        Assert.Equal(2, ex.Failures.Count());
    }

    [Fact]
    public void Registration_is_idempotent()
    {
        var services = new ServiceCollection().AddSentiMailRateLimiting().AddSentiMailRateLimiting(o => o.PerIpPermitLimit = 9);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(9, provider.GetRequiredService<IOptions<SentiMailRateLimitOptions>>().Value.PerIpPermitLimit);
        _ = provider.GetRequiredService<IOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>>().Value;
    }
}
