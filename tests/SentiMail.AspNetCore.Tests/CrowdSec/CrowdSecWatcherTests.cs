using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.CrowdSec;

namespace SentiMail.AspNetCore.Tests.CrowdSec;

public sealed class CrowdSecWatcherTests : IAsyncLifetime
{
    private static readonly IPAddress s_ip = IPAddress.Parse("127.0.0.12");

    private FakeLapi _lapi = null!;

    private int _logins;

    /// <summary>Gets the tokens the LAPI accepts on <c>/v1/alerts</c>; a login issues <c>t1</c>, <c>t2</c>…</summary>
    private ConcurrentDictionary<string, bool> ValidTokens { get; } = new();

    private ConcurrentQueue<string> LoginBodies { get; } = new();

    private ConcurrentQueue<(string? Authorization, string Body)> Alerts { get; } = new();

    private TimeSpan LoginLifetime { get; set; } = TimeSpan.FromHours(1);

    private int AlertFailures { get; set; }

    public async Task InitializeAsync()
    {
        _lapi = await FakeLapi.StartAsync();
        _lapi.Handler = HandleAsync;
    }

    public async Task DisposeAsync() => await _lapi.DisposeAsync();

    [Fact]
    public async Task BelowThreshold_NoRequest()
    {
        await using var provider = CreateProvider();
        var watcher = provider.GetRequiredService<CrowdSecWatcherService>();
        Report(watcher, 2);
        await watcher.FlushAsync(CancellationToken.None);
        Assert.Empty(_lapi.Requests);
        Assert.Equal(0, watcher.PendingAlertCount);
    }

    [Fact]
    public async Task AtThreshold_LogsIn_PostsExactlyOneAlertWithBanDecision()
    {
        await using var provider = CreateProvider();
        var watcher = provider.GetRequiredService<ICrowdSecReporter>();
        var service = provider.GetRequiredService<CrowdSecWatcherService>();
        Report(watcher, 3);
        await service.FlushAsync(CancellationToken.None);
        Report(watcher, 4); // same window: no second alert
        await service.FlushAsync(CancellationToken.None);

        Assert.Equal(["/v1/watchers/login", "/v1/alerts"], _lapi.Requests.ToArray());
        using (var login = JsonDocument.Parse(Assert.Single(LoginBodies)))
        {
            Assert.Equal("sentimail-test", login.RootElement.GetProperty("machine_id").GetString());
            Assert.Equal("secret", login.RootElement.GetProperty("password").GetString());
            Assert.Equal("sentimail/abuse", login.RootElement.GetProperty("scenarios")[0].GetString());
        }

        var (authorization, body) = Assert.Single(Alerts);
        Assert.Equal("Bearer t1", authorization);
        using var alerts = JsonDocument.Parse(body);
        var alert = Assert.Single(alerts.RootElement.EnumerateArray());
        Assert.Equal("sentimail/abuse", alert.GetProperty("scenario").GetString());
        Assert.Equal(3, alert.GetProperty("events_count").GetInt32());
        Assert.Equal("Ip", alert.GetProperty("source").GetProperty("scope").GetString());
        Assert.Equal("127.0.0.12", alert.GetProperty("source").GetProperty("value").GetString());
        Assert.Contains("invalid API key", alert.GetProperty("message").GetString(), StringComparison.Ordinal);
        var decision = Assert.Single(alert.GetProperty("decisions").EnumerateArray());
        Assert.Equal("ban", decision.GetProperty("type").GetString());
        Assert.Equal("Ip", decision.GetProperty("scope").GetString());
        Assert.Equal("127.0.0.12", decision.GetProperty("value").GetString());
        Assert.Equal("14400s", decision.GetProperty("duration").GetString());
        Assert.Equal("sentimail", decision.GetProperty("origin").GetString());
        Assert.Equal("sentimail/abuse", decision.GetProperty("scenario").GetString());
        Assert.False(decision.GetProperty("simulated").GetBoolean());
    }

    [Fact]
    public async Task Unauthorized_LogsInAgain_AndPostsWithNewToken()
    {
        await using var provider = CreateProvider();
        var service = provider.GetRequiredService<CrowdSecWatcherService>();
        Report(service, 3);
        await service.FlushAsync(CancellationToken.None);
        ValidTokens.Clear(); // the LAPI forgets t1 (restart, machine password changed...)

        Report(service, 3, "127.0.0.13");
        await service.FlushAsync(CancellationToken.None);

        Assert.Equal(2, _logins);
        Assert.Equal(["Bearer t1", "Bearer t1", "Bearer t2"], Alerts.Select(a => a.Authorization ?? string.Empty).ToArray());
        Assert.Equal(0, service.PendingAlertCount);
    }

    [Fact]
    public async Task TokenNearExpiry_LogsInAgainBeforePosting()
    {
        LoginLifetime = TimeSpan.FromSeconds(30); // within the one-minute margin
        await using var provider = CreateProvider();
        var service = provider.GetRequiredService<CrowdSecWatcherService>();
        Report(service, 3);
        await service.FlushAsync(CancellationToken.None);
        Report(service, 3, "127.0.0.13");
        await service.FlushAsync(CancellationToken.None);

        Assert.Equal(2, _logins);
        Assert.Equal(["Bearer t1", "Bearer t2"], Alerts.Select(a => a.Authorization ?? string.Empty).ToArray());
    }

    [Fact]
    public async Task LapiError_AlertKept_PostedAtNextFlush()
    {
        AlertFailures = 1;
        await using var provider = CreateProvider();
        var service = provider.GetRequiredService<CrowdSecWatcherService>();
        Report(service, 3);
        await service.FlushAsync(CancellationToken.None);
        Assert.Equal(1, service.PendingAlertCount);

        await service.FlushAsync(CancellationToken.None);
        Assert.Equal(0, service.PendingAlertCount);
        Assert.Equal(2, Alerts.Count);
        Assert.Equal(1, _logins);
    }

    [Fact]
    public async Task LoginRefused_NeverThrows_KeepsAlert()
    {
        _lapi.Handler = context =>
        {
            context.Response.StatusCode = 403;
            return Task.CompletedTask;
        };
        await using var provider = CreateProvider();
        var service = provider.GetRequiredService<CrowdSecWatcherService>();
        Report(service, 3);
        await service.FlushAsync(CancellationToken.None);
        Assert.Equal(1, service.PendingAlertCount);
    }

    [Fact]
    public async Task Queue_IsBounded_DropsWhenFull_NeverThrows()
    {
        await using var provider = CreateProvider(o => o.QueueCapacity = 2);
        var service = provider.GetRequiredService<CrowdSecWatcherService>();
        Report(service, 5);
        service.Report(null!, "ignored");
        Assert.Equal(2, service.QueuedCount);
        Assert.Equal(3, service.DroppedCount);

        await service.FlushAsync(CancellationToken.None);
        Assert.Equal(0, service.QueuedCount);
        Assert.Equal(0, service.DroppedCount);
        Assert.Empty(_lapi.Requests); // 2 counted events stay below the threshold of 3
    }

    [Fact]
    public async Task TrackedAddresses_AreBounded()
    {
        await using var provider = CreateProvider(o => o.MaxTrackedAddresses = 2);
        var service = provider.GetRequiredService<CrowdSecWatcherService>();
        Report(service, 2, "127.0.0.21");
        Report(service, 2, "127.0.0.22");
        Report(service, 2, "127.0.0.23"); // resets the counts: 127.0.0.21 starts again
        Report(service, 1, "127.0.0.21");
        await service.FlushAsync(CancellationToken.None);
        Assert.Empty(_lapi.Requests);
    }

    [Fact]
    public async Task ManyAlerts_PostedInBatches()
    {
        await using var provider = CreateProvider(o => o.Threshold = 1);
        var service = provider.GetRequiredService<CrowdSecWatcherService>();
        for (var i = 0; i < CrowdSecWatcherService.MaxAlertsPerPost + 50; i++)
        {
            Report(service, 1, "10.0." + (i / 256).ToString(CultureInfo.InvariantCulture) + "." + (i % 256).ToString(CultureInfo.InvariantCulture));
        }

        await service.FlushAsync(CancellationToken.None);
        var sizes = Alerts.Select(a =>
        {
            using var document = JsonDocument.Parse(a.Body);
            return document.RootElement.GetArrayLength();
        }).ToArray();
        Assert.Equal([CrowdSecWatcherService.MaxAlertsPerPost, 50], sizes);
        Assert.Equal(0, service.PendingAlertCount);
    }

    [Fact]
    public async Task HostedService_FlushesOnItsTimer()
    {
        var builder = Host.CreateApplicationBuilder();
        Configure(builder.Services, o => o.FlushInterval = TimeSpan.FromMilliseconds(50));
        using var host = builder.Build();
        await host.StartAsync();
        Report(host.Services.GetRequiredService<ICrowdSecReporter>(), 3);
        var started = TimeProvider.System.GetTimestamp();
        while (Alerts.IsEmpty && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        await host.StopAsync();
        Assert.Single(Alerts);
    }

    [Fact]
    public async Task HostStop_FlushesQueuedEvents()
    {
        var builder = Host.CreateApplicationBuilder();
        Configure(builder.Services, configure: null); // FlushInterval 1 min: only the stop flushes
        using var host = builder.Build();
        await host.StartAsync();
        Report(host.Services.GetRequiredService<ICrowdSecReporter>(), 3);
        await host.StopAsync();
        Assert.Single(Alerts);
    }

    [Fact]
    public async Task InvalidOptions_HostStartFails_ListingEveryError()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSentiMailCrowdSecWatcher(o => o.Threshold = 0);
        using var host = builder.Build();
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(4, exception.Failures.Count()); // LapiUrl, MachineId, Password, Threshold
    }

    [Fact]
    public void Options_Defaults()
    {
        var options = new CrowdSecWatcherOptions();
        Assert.Null(options.LapiUrl);
        Assert.Null(options.MachineId);
        Assert.Null(options.Password);
        Assert.Equal(10, options.Threshold);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Window);
        Assert.Equal(TimeSpan.FromHours(4), options.BanDuration);
        Assert.Equal("sentimail/abuse", options.Scenario);
        Assert.Equal(1_000, options.QueueCapacity);
        Assert.Equal(TimeSpan.FromSeconds(5), options.FlushInterval);
        Assert.Equal(100_000, options.MaxTrackedAddresses);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
    }

    [Fact]
    public void Validate_EveryInvalidValue_ListsEveryError()
    {
        var options = new CrowdSecWatcherOptions
        {
            LapiUrl = new Uri("ftp://127.0.0.1/"),
            MachineId = "with space",
            Password = string.Empty,
            Threshold = 0,
            Window = TimeSpan.Zero,
            BanDuration = TimeSpan.FromSeconds(1),
            Scenario = " ",
            QueueCapacity = 0,
            FlushInterval = TimeSpan.FromHours(1),
            MaxTrackedAddresses = 0,
            RequestTimeout = TimeSpan.Zero,
        };
        var failures = new CrowdSecWatcherOptionsValidator().Validate(null, options).Failures!.ToList();
        foreach (var name in new[] { "LapiUrl", "MachineId", "Password", "Threshold", "Window", "BanDuration", "Scenario", "QueueCapacity", "FlushInterval", "MaxTrackedAddresses", "RequestTimeout" })
        {
            Assert.Contains(failures, f => f.Contains("CrowdSecWatcherOptions." + name + " ", StringComparison.Ordinal));
        }

        Assert.Equal(11, failures.Count);
    }

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        var options = new CrowdSecWatcherOptions { LapiUrl = new Uri("https://lapi.example/"), MachineId = "m", Password = "p" };
        Assert.True(new CrowdSecWatcherOptionsValidator().Validate(null, options).Succeeded);
    }

    internal static void Report(ICrowdSecReporter reporter, int count, string ip = "127.0.0.12")
    {
        for (var i = 0; i < count; i++)
        {
            reporter.Report(IPAddress.Parse(ip), "invalid API key");
        }
    }

    private ServiceProvider CreateProvider(Action<CrowdSecWatcherOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        Configure(services, configure);
        return services.BuildServiceProvider();
    }

    private void Configure(IServiceCollection services, Action<CrowdSecWatcherOptions>? configure)
    {
        services.AddSentiMailCrowdSecWatcher(o =>
        {
            o.LapiUrl = new Uri("http://lapi.test/");
            o.MachineId = "sentimail-test";
            o.Password = "secret";
            o.Threshold = 3;
            o.FlushInterval = TimeSpan.FromMinutes(1); // tests flush by hand
            configure?.Invoke(o);
        });
        services.AddHttpClient(CrowdSecWatcherService.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _lapi.Server.CreateHandler());
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        context.Response.ContentType = "application/json; charset=utf-8";
        if (context.Request.Path == "/v1/watchers/login")
        {
            LoginBodies.Enqueue(body);
            var token = "t" + Interlocked.Increment(ref _logins).ToString(CultureInfo.InvariantCulture);
            ValidTokens[token] = true;
            var expire = TimeProvider.System.GetUtcNow().Add(LoginLifetime).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            await context.Response.WriteAsync($$"""{"code":200,"expire":"{{expire}}","token":"{{token}}"}""");
            return;
        }

        string? authorization = context.Request.Headers.Authorization;
        Alerts.Enqueue((authorization, body));
        if (authorization is null || !ValidTokens.ContainsKey(authorization["Bearer ".Length..]))
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"code":401,"message":"Token is expired"}""");
            return;
        }

        if (AlertFailures > 0)
        {
            AlertFailures--;
            context.Response.StatusCode = 500;
            return;
        }

        context.Response.StatusCode = 201;
        await context.Response.WriteAsync("""["1"]""");
    }
}
