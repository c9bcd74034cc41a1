using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentiMail.Host.Tls;

namespace SentiMail.Host.Tests.Tls;

/// <summary>
/// A real Kestrel server on 127.0.0.1 configured only by <c>ConfigureSentiMailTls()</c>/<c>UseSentiMailTls()</c> and the
/// given settings (no environment variables or appsettings), answering "ok" at every path. Its content root is a
/// temporary folder.
/// </summary>
internal sealed class TlsTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TlsTestHost(WebApplication app, string contentRoot, CapturedLogs logs, int httpsPort, int httpPort)
    {
        _app = app;
        ContentRoot = contentRoot;
        Logs = logs;
        HttpsPort = httpsPort;
        HttpPort = httpPort;
    }

    public string ContentRoot { get; }

    public CapturedLogs Logs { get; }

    /// <summary>Gets the HTTPS port of the default endpoints (given to <c>SentiMail:Tls:HttpsPort</c>).</summary>
    public int HttpsPort { get; }

    /// <summary>Gets the HTTP port of the default endpoints (given to <c>SentiMail:Tls:HttpPort</c>).</summary>
    public int HttpPort { get; }

    public IServiceProvider Services => _app.Services;

    internal ServerCertificateProvider Certificates => _app.Services.GetRequiredService<ServerCertificateProvider>();

    /// <summary>Builds the host; the default endpoint ports are free ports unless the settings name them.</summary>
    public static WebApplication Build(string contentRoot, IDictionary<string, string?> settings, CapturedLogs logs, out int httpsPort, out int httpPort)
    {
        var all = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
        all.TryAdd("SentiMail:Tls:HttpsPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        all.TryAdd("SentiMail:Tls:HttpPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));

        httpsPort = int.Parse(all["SentiMail:Tls:HttpsPort"]!, System.Globalization.CultureInfo.InvariantCulture);
        httpPort = int.Parse(all["SentiMail:Tls:HttpPort"]!, System.Globalization.CultureInfo.InvariantCulture);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(all);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.ConfigureSentiMailTls();
        var app = builder.Build();
        app.UseSentiMailTls();
        app.Run(static context => context.Response.WriteAsync("ok " + context.Request.Path, context.RequestAborted));
        return app;
    }

    public static async Task<TlsTestHost> StartAsync(string contentRoot, IDictionary<string, string?>? settings = null)
    {
        var logs = new CapturedLogs();
        var app = Build(contentRoot, settings ?? new Dictionary<string, string?>(), logs, out var httpsPort, out var httpPort);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            logs.Dispose();
            throw;
        }

        return new TlsTestHost(app, contentRoot, logs, httpsPort, httpPort);
    }

    /// <summary>Starts a host that is expected to fail, and returns what it threw.</summary>
    public static async Task<Exception> StartFailingAsync(string contentRoot, IDictionary<string, string?> settings)
    {
        // Kestrel's options, and so the certificate checks, are resolved when the application is built or started.
        using var logs = new CapturedLogs();
        WebApplication app;
        try
        {
            app = Build(contentRoot, settings, logs, out _, out _);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            return e;
        }

        await using (app)
        {
            var error = await Record.ExceptionAsync(() => app.StartAsync());
            if (error is null)
            {
                await app.StopAsync();
                throw new Xunit.Sdk.XunitException("The host started although its TLS configuration is invalid.");
            }

            return error;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Logs.Dispose();
    }
}
