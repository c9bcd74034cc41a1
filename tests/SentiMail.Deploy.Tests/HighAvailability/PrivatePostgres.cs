using SentiMail.Deploy.Tests.Infrastructure;

namespace SentiMail.Deploy.Tests.HighAvailability;

/// <summary>A private PostgreSQL cluster from eng/postgres/start.sh (127.0.0.1, free port, temporary folder), stopped
/// with eng/postgres/stop.sh. A missing PostgreSQL fails the test (run eng/install-test-deps.sh).</summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _port;

    private PrivatePostgres(string directory, string port, string connectionString)
    {
        _directory = directory;
        _port = port;
        ConnectionString = connectionString;
    }

    /// <summary>Gets the connection string of the <c>sentimail</c> database.</summary>
    public string ConnectionString { get; }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var result = await ExternalProcess.RunAsync("bash", [Repository.File("eng", "postgres", "start.sh")], TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, "eng/postgres/start.sh failed; it needs Debian's postgresql package (eng/install-test-deps.sh):\n" + result.Output);
        var values = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.Ordinal);
        var server = new PrivatePostgres(values["POSTGRES_DIR"], values["POSTGRES_PORT"],
            values["POSTGRES_CONNECTION_STRING"].Replace("Database=postgres", "Database=sentimail", StringComparison.Ordinal));
        await server.QueryAsync("postgres", "CREATE DATABASE sentimail");
        return server;
    }

    /// <summary>Runs one SQL statement with psql and returns its unaligned output.</summary>
    public async Task<string> QueryAsync(string database, string sql)
    {
        var psql = ExternalProcess.Require("psql", "postgresql-client");
        var result = await ExternalProcess.RunAsync(psql,
            ["-h", "127.0.0.1", "-p", _port, "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
            TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, "psql failed: " + result.Output);
        return result.Stdout.Trim();
    }

    public async ValueTask DisposeAsync() =>
        await ExternalProcess.RunAsync("bash", [Repository.File("eng", "postgres", "stop.sh"), _directory], TimeSpan.FromSeconds(60));
}
