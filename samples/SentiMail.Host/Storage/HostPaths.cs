using Microsoft.Data.Sqlite;

namespace SentiMail.Host.Storage;

/// <summary>Resolves the data folder and the SQLite connection string from <see cref="StorageOptions"/>.</summary>
internal sealed class HostPaths
{
    public HostPaths(StorageOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        DataDirectory = Path.GetFullPath(options.DataDirectory, contentRoot);
        if (options.Provider == StorageProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString ?? "");
            if (string.IsNullOrEmpty(builder.DataSource))
            {
                builder.DataSource = Path.Combine(DataDirectory, "sentimail.db");
            }
            else if (builder.DataSource != ":memory:")
            {
                builder.DataSource = Path.GetFullPath(builder.DataSource, DataDirectory);
            }

            // Foreign keys on; the pool is fine for a file database.
            builder.ForeignKeys = true;
            ConnectionString = builder.ToString();
            SqliteDatabasePath = builder.DataSource;
        }
        else
        {
            ConnectionString = options.ConnectionString!;
        }
    }

    /// <summary>Gets the absolute data folder.</summary>
    public string DataDirectory { get; }

    /// <summary>Gets the connection string the contexts use.</summary>
    public string ConnectionString { get; }

    /// <summary>Gets the SQLite database file, or <see langword="null"/> for PostgreSQL.</summary>
    public string? SqliteDatabasePath { get; }
}
