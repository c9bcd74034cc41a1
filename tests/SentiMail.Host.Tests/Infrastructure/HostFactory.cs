using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.Host.Storage;
using SentiMail.Host.Users;

namespace SentiMail.Host.Tests.Infrastructure;

/// <summary>The real Program.cs in memory, over a temporary data folder, with an initial administrator from configuration
/// and a lockout after <see cref="MaxFailedAccessAttempts"/> wrong passwords. Password checks are recorded
/// (<see cref="PasswordHasher"/>).</summary>
public sealed class HostFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.org";
    public const string AdminPassword = "initial admin passphrase";
    public const int MaxFailedAccessAttempts = 3;

    // The host answers HTTPS only (UseSentiMailTls); the test server marks https:// requests as HTTPS.
    public HostFactory() => ClientOptions.BaseAddress = new Uri("https://localhost/");

    public DirectoryInfo DataDirectory { get; } = Directory.CreateTempSubdirectory("sentimail-host-web-");

    /// <summary>Gets the host's password hasher (Identity's), which records every password check.</summary>
    internal CountingPasswordHasher PasswordHasher { get; } = new();

    /// <summary>Gets more configuration for a test's own host, set before its first client is created.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory.FullName,
            ["Backup:Enabled"] = "false",
            ["Identity:Lockout:MaxFailedAccessAttempts"] = MaxFailedAccessAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Users:InitialAdminEmail"] = AdminEmail,
            ["Users:InitialAdminPassword"] = AdminPassword,
            // In memory every request comes from no address: the per-address sign-in throttle is not what these tests test.
            ["Users:MaxFailedSignInsPerAddress"] = "100000",
        }));

        // As host settings, so that what the host reads while it registers its services sees them too.
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(l => l.ClearProviders());
        builder.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<SentiMailUser>>(PasswordHasher));
    }

    /// <summary>Creates a user and returns its id.</summary>
    public async Task<string> CreateUserAsync(string email, string password, string role = SentiMailRoles.Analyst)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(email, password, role)).Id;
    }

    /// <summary>Creates an API key for a user and returns its plaintext and id.</summary>
    public async Task<(string Key, string Id)> CreateKeyAsync(string ownerId, params string[] scopes)
    {
        var created = await Services.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyCreateRequest
        {
            OwnerId = ownerId,
            Name = "test",
            Scopes = scopes.Length > 0 ? scopes : [ApiKeyScopes.Submit, ApiKeyScopes.Read, ApiKeyScopes.ManageKeys],
        });
        return (created.Key, created.Id);
    }

    public HttpClient CreateKeyClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        DataDirectory.Delete(recursive: true);
    }
}
