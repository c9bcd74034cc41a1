using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SentiMail.Host.Encryption;
using SentiMail.Host.Storage;

namespace SentiMail.Host.Backups;

/// <summary>
/// Writes, lists, prunes and restores backups in the backup folder. Every backup is written under a temporary name,
/// verified (integrity and row counts), then renamed and described by a manifest (<c>&lt;file&gt;.json</c>, with its
/// SHA-256). The folder is made 0700 and every file in it is written 0600 (on Unix). A restore refuses any file without a matching manifest, with a different hash, or that fails the checks.
/// </summary>
internal sealed class BackupManager(
    IDatabaseBackupProvider provider,
    HostPaths paths,
    IOptions<BackupOptions> options,
    TimeProvider timeProvider,
    ILogger<BackupManager> logger) : IDisposable
{
    private const string FilePrefix = "sentimail-";
    private const string ManifestExtension = ".json";
    private const string PartialExtension = ".partial";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Gets the backup folder (absolute).</summary>
    public string Directory => Path.GetFullPath(options.Value.Directory ?? Path.Combine(paths.DataDirectory, "backups"), paths.DataDirectory);

    /// <summary>Writes and verifies a backup now, then deletes the oldest beyond <see cref="BackupOptions.Keep"/>.</summary>
    /// <param name="cancellationToken">Cancels the backup.</param>
    /// <returns>The new backup.</returns>
    /// <exception cref="BackupException">The backup failed or did not verify; nothing is left behind.</exception>
    public async Task<BackupInfo> BackupNowAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RawMessageKeyRing.CreatePrivateDirectory(Directory);
            var now = timeProvider.GetUtcNow();
            var name = string.Create(CultureInfo.InvariantCulture, $"{FilePrefix}{now:yyyyMMdd'T'HHmmss'Z'}");
            var path = Path.Combine(Directory, name + provider.FileExtension);
            for (var i = 1; File.Exists(path); i++)
            {
                path = Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{name}-{i}{provider.FileExtension}"));
            }

            var partial = path + PartialExtension;
            File.Delete(partial);
            IReadOnlyDictionary<string, long> counts;
            try
            {
                // Owner-only from the first byte (SQLite and pg_dump keep an existing file's mode), and again after.
                PrivateFiles.CreateEmpty(partial);
                counts = await provider.BackupAsync(partial, cancellationToken).ConfigureAwait(false);
                PrivateFiles.Restrict(partial);
                File.Move(partial, path);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }

            var bytes = new FileInfo(path).Length;
            var manifest = new BackupManifest
            {
                Provider = provider.Name,
                CreatedAt = now,
                Sha256 = await HashAsync(path, cancellationToken).ConfigureAwait(false),
                Bytes = bytes,
                RowCounts = counts,
            };
            var manifestStream = PrivateFiles.OpenWrite(path + ManifestExtension, FileMode.Create);
            await using (manifestStream.ConfigureAwait(false))
            {
                await manifestStream.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(manifest, BackupJsonContext.Default.BackupManifest), cancellationToken).ConfigureAwait(false);
            }

            var rows = counts.Values.Sum();
            HostLog.BackupWritten(logger, path, bytes, rows);
            Prune();
            return new BackupInfo(path, now, bytes, HasManifest: true, rows);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lists the backups in the backup folder, newest first.</summary>
    /// <returns>The backups.</returns>
    public IReadOnlyList<BackupInfo> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var list = new List<BackupInfo>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, FilePrefix + "*" + provider.FileExtension))
        {
            var manifest = TryReadManifest(file);
            var info = new FileInfo(file);
            list.Add(new BackupInfo(file, manifest?.CreatedAt ?? info.LastWriteTimeUtc, info.Length, manifest is not null, manifest?.RowCounts.Values.Sum()));
        }

        return [.. list.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Path, StringComparer.Ordinal)];
    }

    /// <summary>Checks a backup against its manifest without restoring it.</summary>
    /// <param name="file">A path, or a file name in the backup folder.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The manifest of the good backup.</returns>
    /// <exception cref="BackupException">The file is missing, not a SentiMail backup, or corrupted.</exception>
    public async Task<(string Path, BackupManifest Manifest)> VerifyAsync(string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = Resolve(file);
        var manifest = TryReadManifest(path)
            ?? throw new BackupException($"{path} has no readable manifest ({Path.GetFileName(path)}{ManifestExtension}): it is not a backup written by SentiMail. Refusing to restore it.");
        if (!string.Equals(manifest.Format, BackupManifest.CurrentFormat, StringComparison.Ordinal) || !string.Equals(manifest.Provider, provider.Name, StringComparison.Ordinal))
        {
            throw new BackupException($"{path} is a {manifest.Provider} backup in format {manifest.Format}; this host restores {provider.Name} backups in format {BackupManifest.CurrentFormat}.");
        }

        var hash = await HashAsync(path, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(hash, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new BackupException($"{path} does not match its manifest (SHA-256 {hash}, expected {manifest.Sha256}): the file is corrupted or was changed. Refusing to restore it.");
        }

        await provider.VerifyAsync(path, manifest, cancellationToken).ConfigureAwait(false);
        return (path, manifest);
    }

    /// <summary>Replaces the database by a verified backup. Stop the service first (or run the <c>backup restore</c> command).</summary>
    /// <param name="file">A path, or a file name in the backup folder.</param>
    /// <param name="cancellationToken">Cancels the restore.</param>
    /// <returns>The manifest of the restored backup.</returns>
    /// <exception cref="BackupException">The file is refused or the restore failed.</exception>
    public async Task<BackupManifest> RestoreAsync(string file, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (path, manifest) = await VerifyAsync(file, cancellationToken).ConfigureAwait(false);
            await provider.RestoreAsync(path, manifest, cancellationToken).ConfigureAwait(false);
            HostLog.BackupRestored(logger, path);
            return manifest;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private void Prune()
    {
        var keep = options.Value.Keep;
        foreach (var old in List().Where(b => b.HasManifest).Skip(keep))
        {
            File.Delete(old.Path);
            File.Delete(old.Path + ManifestExtension);
            HostLog.BackupPruned(logger, old.Path, keep);
        }
    }

    private string Resolve(string file)
    {
        if (File.Exists(file))
        {
            return Path.GetFullPath(file);
        }

        var inFolder = Path.Combine(Directory, Path.GetFileName(file));
        return File.Exists(inFolder) ? inFolder : throw new BackupException($"No backup file {file} (nor {inFolder}); `backup list` shows the backups.");
    }

    private static BackupManifest? TryReadManifest(string path)
    {
        var manifestPath = path + ManifestExtension;
        if (!File.Exists(manifestPath))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(manifestPath), BackupJsonContext.Default.BackupManifest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }
}
