using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SentiMail.Host.Storage;

/// <summary>
/// Files readable by their owner only (mode 0600 on Unix, whatever the umask): the SQLite database (which holds the
/// Data Protection keys, password hashes and API key hashes), backups, their partial files and manifests. On Windows
/// these do nothing: the folder's access list applies.
/// </summary>
internal static class PrivateFiles
{
    /// <summary>Read and write for the owner only (0600).</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Gets the EF Core interceptor that makes a SQLite database file private before a connection opens it.</summary>
    public static IInterceptor SqliteInterceptor { get; } = new PrivateSqliteDatabaseInterceptor();

    /// <summary>Opens a file for writing, created with mode 0600 (an existing file is truncated and made 0600).</summary>
    /// <param name="path">The file.</param>
    /// <param name="mode"><see cref="FileMode.Create"/> or <see cref="FileMode.CreateNew"/>.</param>
    /// <returns>The stream.</returns>
    public static FileStream OpenWrite(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        var stream = new FileStream(path, options);
        try
        {
            Restrict(path);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Creates an empty file with mode 0600 (it must not exist), for a tool or SQLite to write into.</summary>
    /// <param name="path">The file.</param>
    public static void CreateEmpty(string path) => OpenWrite(path, FileMode.CreateNew).Dispose();

    /// <summary>Takes the group's and others' permissions off a file, if it exists and has any.</summary>
    /// <param name="path">The file.</param>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
        {
            File.SetUnixFileMode(path, mode & ~GroupOrOther);
        }
    }

    /// <summary>
    /// Creates a SQLite database file empty with mode 0600 when it is missing (SQLite would create it with the umask's
    /// mode, usually 0644; its <c>-wal</c>, <c>-shm</c> and <c>-journal</c> files take the database file's mode), or
    /// makes an existing one and its companions private.
    /// </summary>
    /// <param name="path">The database file (absolute).</param>
    public static void PrepareSqliteDatabase(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(path) && Directory.Exists(Path.GetDirectoryName(path)))
        {
            try
            {
                CreateEmpty(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created meanwhile by another connection: restricted below.
            }
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            Restrict(file);
        }
    }

    /// <summary>Makes the database file of a SQLite connection private before it is opened (a few file status calls:
    /// cheap beside a query, and right again when the file was deleted and is created anew).</summary>
    private static void Prepare(DbConnection connection)
    {
        if (connection is not SqliteConnection)
        {
            return;
        }

        var builder = new SqliteConnectionStringBuilder(connection.ConnectionString);
        var path = builder.DataSource;
        if (builder.Mode is SqliteOpenMode.Memory or SqliteOpenMode.ReadOnly || string.IsNullOrEmpty(path)
            || path == ":memory:" || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || !Path.IsPathFullyQualified(path))
        {
            return;
        }

        PrepareSqliteDatabase(path);
    }

    private sealed class PrivateSqliteDatabaseInterceptor : DbConnectionInterceptor
    {
        public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            Prepare(connection);
            return result;
        }

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Prepare(connection);
            return ValueTask.FromResult(result);
        }
    }
}
