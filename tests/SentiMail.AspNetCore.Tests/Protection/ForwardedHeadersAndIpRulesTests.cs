using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.Protection;

namespace SentiMail.AspNetCore.Tests.Protection;

public sealed class ForwardedHeadersAndIpRulesTests
{
    private const string TrustedProxy = "10.0.0.5";
    private const string Untrusted = "198.51.100.20";

    /// <summary>A host answering <c>/ip</c> with the effective client address.</summary>
    private static async Task<WebApplication> StartAsync(Action<SentiMailIpRuleOptions>? rules = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSentiMailForwardedHeaders(o =>
        {
            o.TrustedProxies.Add(TrustedProxy);
            o.TrustedNetworks.Add("172.16.0.0/12");
        });
        builder.Services.AddSentiMailIpRules(rules ?? (_ => { }));

        var app = builder.Build();
        PeerAddress.Use(app);
        app.UseForwardedHeaders();
        app.UseSentiMailIpRules();
        app.MapGet("/ip", (HttpContext c) => c.Connection.RemoteIpAddress!.ToString());
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> GetAsync(WebApplication app, Dictionary<string, string> headers)
    {
        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ip");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Forwarded_for_from_an_untrusted_peer_is_ignored()
    {
        await using var app = await StartAsync();

        using var response = await GetAsync(app, PeerAddress.From(Untrusted, "192.0.2.1"));

        Assert.Equal(Untrusted, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(TrustedProxy)]
    [InlineData("172.20.1.2")]
    public async Task Forwarded_for_from_a_trusted_proxy_or_network_sets_the_client(string peer)
    {
        await using var app = await StartAsync();

        using var response = await GetAsync(app, PeerAddress.From(peer, "192.0.2.1"));

        Assert.Equal("192.0.2.1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Loopback_is_not_trusted_by_default()
    {
        await using var app = await StartAsync();

        using var response = await GetAsync(app, PeerAddress.From("127.0.0.1", "192.0.2.1"));

        Assert.Equal("127.0.0.1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Denied_network_gets_403_problem_and_spoofing_does_not_escape_it()
    {
        await using var app = await StartAsync(o => o.Deny.Add("198.51.100.0/24"));

        using var denied = await GetAsync(app, PeerAddress.From(Untrusted, "192.0.2.1"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        using var problem = JsonDocument.Parse(await denied.Content.ReadAsStringAsync());
        Assert.Equal(SentiMailProblemTypes.AddressForbidden, problem.RootElement.GetProperty("type").GetString());

        using var viaProxy = await GetAsync(app, PeerAddress.From(TrustedProxy, "198.51.100.77"));
        Assert.Equal(HttpStatusCode.Forbidden, viaProxy.StatusCode);

        using var other = await GetAsync(app, PeerAddress.From("203.0.113.9"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Allow_list_excludes_others_and_deny_wins()
    {
        await using var app = await StartAsync(o =>
        {
            o.Allow.Add("192.0.2.0/24");
            o.Allow.Add(TrustedProxy);
            o.Deny.Add("192.0.2.66");
        });

        using var allowed = await GetAsync(app, PeerAddress.From(TrustedProxy, "192.0.2.1"));
        using var outside = await GetAsync(app, PeerAddress.From("203.0.113.9"));
        using var denied = await GetAsync(app, PeerAddress.From(TrustedProxy, "192.0.2.66"));
        using var mapped = await GetAsync(app, PeerAddress.From("::ffff:192.0.2.3"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
    }

    [Fact]
    public async Task Spoofed_forwarded_for_cannot_dodge_the_anonymous_quota_but_trusted_proxy_clients_are_counted_apart()
    {
        await using var host = await RateLimitingTests.StartAsync(
            o => o.PerIpPermitLimit = 2,
            services: s => s.AddSentiMailForwardedHeaders(o => o.TrustedProxies.Add(TrustedProxy)),
            beforeAuthentication: app => app.UseForwardedHeaders());

        for (var i = 1; i <= 2; i++)
        {
            using var ok = await RateLimitingTests.UploadAsync(host, PeerAddress.From(Untrusted, $"192.0.2.{i}"));
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var spoofed = await RateLimitingTests.UploadAsync(host, PeerAddress.From(Untrusted, "192.0.2.3"));
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);

        for (var i = 1; i <= 3; i++)
        {
            using var viaProxy = await RateLimitingTests.UploadAsync(host, PeerAddress.From(TrustedProxy, $"192.0.2.{i}"));
            Assert.Equal(HttpStatusCode.Created, viaProxy.StatusCode);
        }
    }

    [Fact]
    public void Invalid_entries_are_all_reported()
    {
        var services = new ServiceCollection()
            .AddSentiMailForwardedHeaders(o =>
            {
                o.TrustedProxies.Add("not-an-ip");
                o.TrustedNetworks.Add("10.0.0.0/99");
                o.ForwardLimit = 0;
            })
            .AddSentiMailIpRules(o => o.Deny.Add("nope"));
        using var provider = services.BuildServiceProvider();

        var forwarded = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value);
        Assert.Equal(3, forwarded.Failures.Count());
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SentiMailIpRuleOptions>>().Value);
    }

    [Fact]
    public void Use_ip_rules_without_services_says_what_is_missing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.UseSentiMailIpRules());
        Assert.Contains("AddSentiMailIpRules", ex.Message, StringComparison.Ordinal);
    }
}
