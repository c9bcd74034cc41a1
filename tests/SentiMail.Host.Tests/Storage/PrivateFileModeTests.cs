using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;
using SentiMail.Host.Backups;
using SentiMail.Host.Tests.Backups;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests.Storage;

/// <summary>The store and the backups are the owner's only even when their folders already exist with a wider mode
/// and the umask is 022 (a database file holds the Data Protection keys, password hashes and API key hashes).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class PrivateFileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Folder0755 = OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode File0644 = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("sentimail-host-modes-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task ExistingWideFolders_BecomeOwnerOnly_AndTheDatabaseBackupAndManifestAreWrittenOwnerOnly()
    {
        var data = Directory.CreateDirectory(Path.Combine(_root.FullName, "data"), Folder0755);
        var backups = Directory.CreateDirectory(Path.Combine(_root.FullName, "backups"), Folder0755);
        // Whatever the test runner's umask, the folders start 0755 as `mkdir -m 755` leaves them.
        data.UnixFileMode = Folder0755;
        backups.UnixFileMode = Folder0755;

        BackupInfo backup;
        await using (var host = await HostServices.StartAsync(data, new Dictionary<string, string?> { ["Backup:Directory"] = backups.FullName }))
        {
            await BackupTestData.WriteAsync(host, TimeProvider.System.GetUtcNow(), count: 2);
            backup = await host.Get<BackupManager>().BackupNowAsync();

            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data.FullName));
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(backups.FullName));
            var database = Path.Combine(data.FullName, "sentimail.db");
            Assert.True(File.Exists(database + "-wal"), "the store is in write-ahead-log mode");
            Assert.All(new[] { database, database + "-wal", database + "-shm" }, f => Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(f)));
        }

        Assert.Equal(backups.FullName, Path.GetDirectoryName(backup.Path));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(backup.Path));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(backup.Path + ".json"));
        Assert.Empty(backups.GetFiles("*.partial"));
    }

    [Fact]
    public async Task AnExistingWorldReadableDatabase_IsMadeOwnerOnly_AtStart()
    {
        var data = Directory.CreateDirectory(Path.Combine(_root.FullName, "data"));
        var database = Path.Combine(data.FullName, "sentimail.db");
        await File.WriteAllBytesAsync(database, []);
        File.SetUnixFileMode(database, File0644);

        await using var host = await HostServices.StartAsync(data);

        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(database));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(database + "-wal"));
    }

    [Fact]
    public async Task BackupNow_Command_InAnExisting0755Folder_WritesOwnerOnlyFiles()
    {
        var data = Directory.CreateDirectory(Path.Combine(_root.FullName, "data"));
        var backups = Directory.CreateDirectory(Path.Combine(_root.FullName, "backups"), Folder0755);
        backups.UnixFileMode = Folder0755;
        await using var host = await HostServices.StartAsync(data, new Dictionary<string, string?> { ["Backup:Directory"] = backups.FullName });
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SentiMail.Host.Commands.HostCommandLine.RunAsync(host.Services, ["backup", "now"], output, error, TextReader.Null);

        Assert.Equal(0, exit);
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(backups.FullName));
        var file = Assert.Single(backups.GetFiles("sentimail-*.db"));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file.FullName));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file.FullName + ".json"));
    }
}
