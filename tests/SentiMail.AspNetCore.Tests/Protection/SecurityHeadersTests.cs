using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SentiMail.AspNetCore.Protection;

namespace SentiMail.AspNetCore.Tests.Protection;

public sealed class SecurityHeadersTests
{
    private static async Task<WebApplication> StartAsync(Action<SentiMailSecurityHeadersOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (configure is not null)
        {
            builder.Services.AddSentiMailSecurityHeaders(configure);
        }

        var app = builder.Build();
        app.UseSentiMailSecurityHeaders();
        app.MapGet("/ok", () => "ok");
        app.MapGet("/own", (HttpContext c) =>
        {
            c.Response.Headers.ContentSecurityPolicy = "default-src 'self'";
            return "own";
        });
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task Defaults_are_sent_on_success_and_on_404()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        foreach (var path in new[] { "/ok", "/missing" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(path == "/ok" ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", Single(response, "Content-Security-Policy"));
            Assert.Equal("DENY", Single(response, "X-Frame-Options"));
            Assert.Equal("same-origin", Single(response, "Cross-Origin-Opener-Policy"));
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        }
    }

    [Fact]
    public async Task Options_change_or_remove_headers_and_endpoint_values_win()
    {
        await using var app = await StartAsync(o =>
        {
            o.ContentSecurityPolicy = "default-src 'none'";
            o.FrameOptions = null;
            o.NoSniff = false;
        });
        using var client = app.GetTestClient();

        using var ok = await client.GetAsync("/ok");
        Assert.Equal("default-src 'none'", Single(ok, "Content-Security-Policy"));
        Assert.False(ok.Headers.Contains("X-Frame-Options"));
        Assert.False(ok.Headers.Contains("X-Content-Type-Options"));
        Assert.Equal("no-referrer", Single(ok, "Referrer-Policy"));

        using var own = await client.GetAsync("/own");
        Assert.Equal("default-src 'self'", Single(own, "Content-Security-Policy"));
    }

    private static string Single(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : response.Content.Headers.TryGetValues(name, out var content) ? content : []);
}
