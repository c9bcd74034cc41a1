using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace SentiMail.AspNetCore.Tests.CrowdSec;

/// <summary>An in-process stand-in for the CrowdSec LAPI (a TestServer); tests set <see cref="Handler"/>.</summary>
internal sealed class FakeLapi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeLapi(WebApplication app) => _app = app;

    public Func<HttpContext, Task> Handler { get; set; } = context => context.Response.WriteAsync("null");

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string?> ApiKeys { get; } = new();

    public TestServer Server => _app.GetTestServer();

    public static async Task<FakeLapi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        var lapi = new FakeLapi(app);
        app.Run(context =>
        {
            lapi.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            lapi.ApiKeys.Enqueue(context.Request.Headers["X-Api-Key"]);
            return lapi.Handler(context);
        });
        await app.StartAsync();
        return lapi;
    }

    /// <summary>Answers JSON like the LAPI (200, application/json).</summary>
    public static Func<HttpContext, Task> Json(string body) => context =>
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body);
    };

    public static string Decision(long id, string value, string scope = "Ip", string type = "ban") =>
        $$"""{"duration":"59m59.4s","id":{{id}},"origin":"cscli","scenario":"manual 'ban' from 'test'","scope":"{{scope}}","type":"{{type}}","value":"{{value}}"}""";

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
