using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SentiMail.Kubernetes.Tests.TestSupport;

/// <summary>
/// A real Kestrel application on 127.0.0.1 and a free port, with the probes mapped and a <c>/slow?ms=</c> endpoint.
/// The drain delay is zero unless a test sets it, so that stopping stays fast.
/// </summary>
internal sealed class ProbeApp : IAsyncDisposable
{
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromSeconds(20);

    private ProbeApp(WebApplication app, HttpClient client, CapturingLoggerProvider logs)
    {
        App = app;
        Client = client;
        Logs = logs;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    public static async Task<ProbeApp> StartAsync(
        Action<SentiMailProbeOptions>? options = null,
        Action<Microsoft.Extensions.DependencyInjection.SentiMailProbesBuilder>? probes = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        var probeBuilder = builder.Services.AddSentiMailProbes(o =>
        {
            o.DrainDelay = TimeSpan.Zero;
            options?.Invoke(o);
        });
        probes?.Invoke(probeBuilder);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapSentiMailProbes();
        app.MapGet("/slow", async (int ms) =>
        {
            await Task.Delay(Math.Clamp(ms, 0, 30_000), CancellationToken.None);
            return Results.Text("done");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        return new ProbeApp(app, client, logs);
    }

    public Task<ProbeResponse> GetAsync(string path) => GetAsync(Client, path);

    public static async Task<ProbeResponse> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        return new ProbeResponse(response.StatusCode, body, response.Content.Headers.ContentType?.ToString(), response.Headers.CacheControl?.ToString());
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="expected"/> (at most 20 seconds).</summary>
    public Task<ProbeResponse> WaitForAsync(string path, HttpStatusCode expected) => WaitForAsync(Client, path, expected);

    public static async Task<ProbeResponse> WaitForAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        using var timeout = new CancellationTokenSource(s_pollTimeout);
        ProbeResponse? last = null;
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                last = await GetAsync(client, path);
                if (last.StatusCode == expected)
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(25, CancellationToken.None);
        }

        throw new TimeoutException($"{path} did not answer {(int)expected} within {s_pollTimeout}; last answer: {last?.StatusCode} {last?.Body}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(stop.Token);
        await App.DisposeAsync();
    }
}
