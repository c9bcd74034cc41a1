using System.Data;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using SentiMail.Host.Storage;

namespace SentiMail.Host.Backups;

/// <summary>
/// PostgreSQL backups with <c>pg_dump --format=custom</c> on an exported snapshot, so that the row counts recorded in the
/// manifest are those of the dump; verified with <c>pg_restore --list</c>; restored with
/// <c>pg_restore --clean --single-transaction</c> and checked against the manifest's counts.
/// </summary>
internal sealed class PostgresBackupProvider(HostPaths paths, IOptions<BackupOptions> options) : IDatabaseBackupProvider
{
    public string Name => "postgresql";

    public string FileExtension => ".dump";

    public async Task<IReadOnlyDictionary<string, long>> BackupAsync(string destination, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(paths.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            var snapshot = (string)(await ScalarAsync(connection, "SELECT pg_export_snapshot();", cancellationToken).ConfigureAwait(false))!;
            var counts = await CountRowsAsync(connection, cancellationToken).ConfigureAwait(false);
            await RunToolAsync(options.Value.PgDumpPath,
                ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=" + snapshot, "--file=" + destination], cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            await RunToolAsync(options.Value.PgRestorePath, ["--list", destination], cancellationToken).ConfigureAwait(false);
            return counts;
        }
        catch (NpgsqlException ex)
        {
            throw new BackupException($"Could not back up the PostgreSQL database: {ex.Message}", ex);
        }
    }

    public Task VerifyAsync(string path, BackupManifest manifest, CancellationToken cancellationToken) =>
        RunToolAsync(options.Value.PgRestorePath, ["--list", path], cancellationToken);

    public async Task RestoreAsync(string path, BackupManifest manifest, CancellationToken cancellationToken)
    {
        NpgsqlConnection.ClearAllPools();
        await RunToolAsync(options.Value.PgRestorePath,
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname=" + Builder().Database, path],
            cancellationToken).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(paths.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        SqliteBackupProvider.CompareCounts(manifest.RowCounts, await CountRowsAsync(connection, cancellationToken).ConfigureAwait(false), "the restored database");
    }

    private static async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in SentiMailDbContext.CountedTables)
        {
            // Table names come from a fixed list, never from input.
            counts[table] = Convert.ToInt64(await ScalarAsync(connection, $"SELECT COUNT(*) FROM \"{table}\";", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
#pragma warning disable CA2100 // Fixed SQL text and table names from SentiMailDbContext.CountedTables, never input.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlConnectionStringBuilder Builder() => new(paths.ConnectionString);

    /// <summary>Runs pg_dump or pg_restore with the connection in libpq environment variables (the password never
    /// appears on a command line).</summary>
    private async Task RunToolAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var builder = Builder();
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PGHOST"] = builder.Host ?? "localhost";
        info.Environment["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture);
        info.Environment["PGDATABASE"] = builder.Database ?? "postgres";
        info.Environment["PGUSER"] = builder.Username ?? Environment.UserName;
        if (!string.IsNullOrEmpty(builder.Password))
        {
            info.Environment["PGPASSWORD"] = builder.Password;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ToolTimeout);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new BackupException($"Could not start {program}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new BackupException($"Could not start {program} (install PostgreSQL's client tools or set Backup:PgDumpPath / Backup:PgRestorePath): {ex.Message}", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new BackupException($"{Path.GetFileName(program)} {arguments[0]} failed with exit code {process.ExitCode}: {errors.Trim()}");
            }
        }
    }
}
