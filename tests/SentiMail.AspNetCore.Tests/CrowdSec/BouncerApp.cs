using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SentiMail.AspNetCore.CrowdSec;

namespace SentiMail.AspNetCore.Tests.CrowdSec;

/// <summary>
/// An app protected by the bouncer, in a TestServer. The client address comes from the <c>X-Test-Client-Ip</c> header
/// (a test middleware sets <c>Connection.RemoteIpAddress</c>), or from <c>X-Forwarded-For</c> when
/// <c>useForwardedHeaders</c> is set (the forwarded-headers middleware trusting the loopback "proxy").
/// </summary>
internal sealed class BouncerApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BouncerApp(WebApplication app) => _app = app;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public static async Task<BouncerApp> StartAsync(
        Action<CrowdSecBouncerOptions> configure,
        Func<HttpMessageHandler>? lapiHandler = null,
        TimeProvider? timeProvider = null,
        bool useForwardedHeaders = false,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddSentiMailCrowdSec(configure);
        if (lapiHandler is not null)
        {
            builder.Services.AddHttpClient(CrowdSecLapiClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(lapiHandler);
        }

        builder.Services.AddHealthChecks().AddCrowdSec();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.Use((context, next) =>
        {
            var header = context.Request.Headers["X-Test-Client-Ip"].ToString();
            context.Connection.RemoteIpAddress = header.Length > 0 ? IPAddress.Parse(header) : IPAddress.Loopback;
            return next(context);
        });
        if (useForwardedHeaders)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor };
            forwarded.KnownProxies.Add(IPAddress.Loopback);
            app.UseForwardedHeaders(forwarded);
        }

        app.UseSentiMailCrowdSec();
        app.MapGet("/", () => "ok");
        app.MapHealthChecks("/health");
        await app.StartAsync();
        var result = new BouncerApp(app) { Client = app.GetTestClient() };
        return result;
    }

    public static Task<BouncerApp> StartAsync(FakeLapi lapi, Action<CrowdSecBouncerOptions>? configure = null, TimeProvider? timeProvider = null) =>
        StartAsync(
            o =>
            {
                o.LapiUrl = new Uri("http://lapi.test/");
                o.ApiKey = "test-key";
                o.RequestTimeout = TimeSpan.FromSeconds(5); // a cold TestServer can take longer than the 500 ms default
                configure?.Invoke(o);
            },
            () => lapi.Server.CreateHandler(),
            timeProvider);

    public async Task<HttpResponseMessage> GetAsync(string clientIp, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Test-Client-Ip", clientIp);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
