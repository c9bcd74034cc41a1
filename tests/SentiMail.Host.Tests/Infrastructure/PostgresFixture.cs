using System.Globalization;
using Npgsql;

namespace SentiMail.Host.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL cluster started by eng/postgres/start.sh (initdb in a temporary folder, 127.0.0.1 on a free
/// port) and stopped by eng/postgres/stop.sh. Each test gets its own database. A missing PostgreSQL fails the tests
/// (run eng/install-test-deps.sh); they never skip.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private int _databases;

    public string ConnectionString { get; private set; } = null!;

    /// <summary>Gets the folder of the server's pg_dump and pg_restore (same major version as the server).</summary>
    public string BinDirectory { get; private set; } = null!;

    private string? WorkDirectory { get; set; }

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot.Find();
        var (exit, stdout, stderr) = await ProcessRunner.RunAsync("bash", [Path.Combine(root, "eng", "postgres", "start.sh")]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"eng/postgres/start.sh failed ({exit}); it needs Debian's postgresql package (eng/install-test-deps.sh):\n{stderr}");
        }

        var values = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.Ordinal);
        ConnectionString = values["POSTGRES_CONNECTION_STRING"];
        WorkDirectory = values["POSTGRES_DIR"];
        BinDirectory = values["POSTGRES_BIN"];
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var number = Interlocked.Increment(ref _databases);
        var name = string.Create(CultureInfo.InvariantCulture, $"t{number}_{Guid.NewGuid():N}")[..20];
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ToString();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (WorkDirectory is not null)
        {
            await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot.Find(), "eng", "postgres", "stop.sh"), WorkDirectory]);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
