using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using SentiMail.Host.Storage;

namespace SentiMail.Host.Tests.Infrastructure;

/// <summary>The host's services, built exactly as Program.cs builds them (without the web server), over a temporary
/// data folder; the store is migrated and initialized.</summary>
internal sealed class HostServices : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostServices(WebApplication app, DirectoryInfo dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
    }

    public DirectoryInfo DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<HostServices> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? time = null) =>
        StartAsync(Directory.CreateTempSubdirectory("sentimail-host-test-"), settings, time);

    public static async Task<HostServices> StartAsync(DirectoryInfo dataDirectory, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var args = new List<string> { $"--Storage:DataDirectory={dataDirectory.FullName}", "--Backup:Enabled=false" };
        args.AddRange((settings ?? new Dictionary<string, string?>()).Select(kv => $"--{kv.Key}={kv.Value}"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args],
            ContentRootPath = dataDirectory.FullName,
            EnvironmentName = "Testing",
        });
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddSentiMailHost();
        var app = builder.Build();
        await app.Services.InitializeSentiMailHostAsync();
        return new HostServices(app, dataDirectory);
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public SentiMailDbContext CreateDbContext() => Get<IDbContextFactory<SentiMailDbContext>>().CreateDbContext();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Disposes the services and deletes the data folder.</summary>
    public async Task DisposeAndDeleteAsync()
    {
        await DisposeAsync();
        DataDirectory.Delete(recursive: true);
    }
}
