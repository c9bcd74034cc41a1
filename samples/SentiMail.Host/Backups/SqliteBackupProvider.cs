using System.Globalization;
using Microsoft.Data.Sqlite;
using SentiMail.Host.Storage;

namespace SentiMail.Host.Backups;

/// <summary>
/// SQLite backups with the online backup API: the copy is taken inside one read transaction, so it is consistent while
/// the service keeps writing, and the row counts it is checked against come from the same snapshot.
/// </summary>
internal sealed class SqliteBackupProvider(HostPaths paths) : IDatabaseBackupProvider
{
    public string Name => "sqlite";

    public string FileExtension => ".db";

    private string DatabasePath => paths.SqliteDatabasePath ?? throw new InvalidOperationException("Not a SQLite store.");

    public async Task<IReadOnlyDictionary<string, long>> BackupAsync(string destination, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, long> sourceCounts;
        await using (var source = new SqliteConnection(paths.ConnectionString))
        {
            await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = source.BeginTransaction(deferred: true);
            // The first read starts the snapshot that both the counts and the copy see.
            sourceCounts = await CountRowsAsync(source, cancellationToken).ConfigureAwait(false);
            await using (var target = new SqliteConnection(FileConnectionString(destination, SqliteOpenMode.ReadWriteCreate)))
            {
                await target.OpenAsync(cancellationToken).ConfigureAwait(false);
                source.BackupDatabase(target);
                // A self-contained file: no -wal/-shm companions next to the backup.
                await ExecuteScalarAsync(target, "PRAGMA journal_mode=DELETE;", cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var copyCounts = await CheckFileAsync(destination, cancellationToken).ConfigureAwait(false);
        CompareCounts(sourceCounts, copyCounts, destination);
        return sourceCounts;
    }

    public async Task VerifyAsync(string path, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var counts = await CheckFileAsync(path, cancellationToken).ConfigureAwait(false);
        CompareCounts(manifest.RowCounts, counts, path);
    }

    public async Task RestoreAsync(string path, BackupManifest manifest, CancellationToken cancellationToken)
    {
        // Nobody else in this process may hold the old file open.
        SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        PrivateFiles.PrepareSqliteDatabase(DatabasePath);
        await using (var source = new SqliteConnection(FileConnectionString(path, SqliteOpenMode.ReadOnly)))
        await using (var target = new SqliteConnection(FileConnectionString(DatabasePath, SqliteOpenMode.ReadWriteCreate)))
        {
            await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            await target.OpenAsync(cancellationToken).ConfigureAwait(false);
            source.BackupDatabase(target);
            await ExecuteScalarAsync(target, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        var counts = await CheckFileAsync(DatabasePath, cancellationToken).ConfigureAwait(false);
        CompareCounts(manifest.RowCounts, counts, DatabasePath);
    }

    /// <summary>Opens a database file read-only, runs <c>PRAGMA integrity_check</c> and counts the rows.</summary>
    private static async Task<IReadOnlyDictionary<string, long>> CheckFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(FileConnectionString(path, SqliteOpenMode.ReadOnly));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var integrity = Convert.ToString(await ExecuteScalarAsync(connection, "PRAGMA integrity_check;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (!string.Equals(integrity, "ok", StringComparison.Ordinal))
            {
                throw new BackupException($"{path} fails SQLite's integrity check: {integrity}");
            }

            var hasHistory = await ExecuteScalarAsync(connection,
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory';", cancellationToken).ConfigureAwait(false);
            if (Convert.ToInt64(hasHistory, CultureInfo.InvariantCulture) != 1)
            {
                throw new BackupException($"{path} is a SQLite database but not a SentiMail one (no __EFMigrationsHistory table).");
            }

            return await CountRowsAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw new BackupException($"{path} is not a readable SQLite database: {ex.Message}", ex);
        }
    }

    private static async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in SentiMailDbContext.CountedTables)
        {
            // Table names come from a fixed list, never from input.
            var count = await ExecuteScalarAsync(connection, $"SELECT COUNT(*) FROM \"{table}\";", cancellationToken).ConfigureAwait(false);
            counts[table] = Convert.ToInt64(count, CultureInfo.InvariantCulture);
        }

        return counts;
    }

    internal static void CompareCounts(IReadOnlyDictionary<string, long> expected, IReadOnlyDictionary<string, long> actual, string path)
    {
        foreach (var (table, count) in expected)
        {
            if (!actual.TryGetValue(table, out var found) || found != count)
            {
                throw new BackupException($"{path}: table {table} has {(actual.TryGetValue(table, out var f) ? f : 0)} rows, expected {count}.");
            }
        }
    }

    private static async Task<object?> ExecuteScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed SQL text and table names from SentiMailDbContext.CountedTables, never input.
        command.CommandText = sql;
#pragma warning restore CA2100
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string FileConnectionString(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();
}
