using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SentiMail.AspNetCore.Analyses;
using SentiMail.Host.Backups;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests.Backups;

public sealed class SqliteBackupTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sentimail-host-test-");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Backup_DestroyTheDatabase_Restore_EveryAnalysisAndRawMessageIsBack()
    {
        List<StoredAnalysis> written;
        BackupInfo backup;
        await using (var host = await HostServices.StartAsync(_dir, time: _time))
        {
            written = await BackupTestData.WriteAsync(host, _time.GetUtcNow());
            backup = await host.Get<BackupManager>().BackupNowAsync();

            Assert.True(File.Exists(backup.Path));
            Assert.True(File.Exists(backup.Path + ".json"));
            Assert.False(File.Exists(backup.Path + "-wal"));
            // 5 analyses, 1 key, 1 user, 2 roles, 1 user-role.
            Assert.Equal(10, backup.Rows);
            var listed = Assert.Single(host.Get<BackupManager>().List());
            Assert.Equal(backup.Path, listed.Path);
            Assert.True(listed.HasManifest);
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in _dir.GetFiles("sentimail.db*"))
        {
            file.Delete();
        }

        await using (var host = await HostServices.StartAsync(_dir, time: _time))
        {
            Assert.Equal(0, (await host.Get<IAnalysisStore>().ListAsync(new AnalysisQuery())).TotalCount);

            var manifest = await host.Get<BackupManager>().RestoreAsync(Path.GetFileName(backup.Path));

            Assert.Equal(5, manifest.RowCounts["Analyses"]);
            await BackupTestData.AssertAllBackAsync(host, written);
        }
    }

    [Fact]
    public async Task Restore_OfACorruptedBackup_IsRefused_AndTheDatabaseIsUntouched()
    {
        await using var host = await HostServices.StartAsync(_dir, time: _time);
        var written = await BackupTestData.WriteAsync(host, _time.GetUtcNow(), count: 3);
        var backup = await host.Get<BackupManager>().BackupNowAsync();
        var bytes = await File.ReadAllBytesAsync(backup.Path);
        bytes[bytes.Length / 2] ^= 0x55;
        await File.WriteAllBytesAsync(backup.Path, bytes);
        await host.Get<IAnalysisStore>().DeleteAsync(written[0].Id);

        var ex = await Assert.ThrowsAsync<BackupException>(() => host.Get<BackupManager>().RestoreAsync(backup.Path));

        Assert.Contains("corrupted", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await host.Get<IAnalysisStore>().ListAsync(new AnalysisQuery())).TotalCount);
    }

    [Fact]
    public async Task Restore_OfAFileThatIsNotABackup_IsRefused()
    {
        await using var host = await HostServices.StartAsync(_dir, time: _time);
        var manager = host.Get<BackupManager>();

        // No manifest: not written by SentiMail.
        var text = Path.Combine(_dir.FullName, "notes.db");
        await File.WriteAllTextAsync(text, "just some text");
        Assert.Contains("not a backup written by SentiMail", (await Assert.ThrowsAsync<BackupException>(() => manager.RestoreAsync(text))).Message, StringComparison.Ordinal);

        // A manifest that matches, but the file is some other SQLite database.
        var other = Path.Combine(_dir.FullName, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t(x); INSERT INTO t VALUES (1);";
            await command.ExecuteNonQueryAsync();
        }

        await ForgeManifestAsync(other);
        Assert.Contains("not a SentiMail one", (await Assert.ThrowsAsync<BackupException>(() => manager.RestoreAsync(other))).Message, StringComparison.Ordinal);

        // A manifest that matches a file that is not SQLite at all.
        await ForgeManifestAsync(text);
        Assert.Contains("not a readable SQLite database", (await Assert.ThrowsAsync<BackupException>(() => manager.RestoreAsync(text))).Message, StringComparison.Ordinal);

        Assert.Contains("No backup file", (await Assert.ThrowsAsync<BackupException>(() => manager.RestoreAsync("missing.db"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backups_KeepOnlyTheNewestN()
    {
        await using var host = await HostServices.StartAsync(_dir, new Dictionary<string, string?> { ["Backup:Keep"] = "2" }, _time);
        var manager = host.Get<BackupManager>();
        var paths = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            paths.Add((await manager.BackupNowAsync()).Path);
            _time.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal([paths[2], paths[1]], manager.List().Select(b => b.Path));
        Assert.False(File.Exists(paths[0]));
        Assert.False(File.Exists(paths[0] + ".json"));
    }

    [Theory]
    [InlineData("2026-11-02T01:00:00Z", "2026-11-02T02:00:00Z")]
    [InlineData("2026-11-02T02:00:00Z", "2026-11-03T02:00:00Z")]
    [InlineData("2026-11-02T23:59:00Z", "2026-11-03T02:00:00Z")]
    public void NextRun_IsTheNextDailyTime(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            BackupSchedulerService.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(2)));

    [Fact]
    public async Task Scheduler_BacksUpAtTheDailyTime_NotBefore()
    {
        await using var host = await HostServices.StartAsync(_dir, time: _time);
        var manager = host.Get<BackupManager>();
        var scheduler = new BackupSchedulerService(manager,
            Microsoft.Extensions.Options.Options.Create(new BackupOptions { DailyAt = TimeSpan.FromHours(3) }), _time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<BackupSchedulerService>.Instance);
        var waiting = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Waiting = next => waiting.TrySetResult(next);
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            // The clock starts at 02:00 UTC.
            Assert.Equal(new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero), await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            _time.Advance(TimeSpan.FromMinutes(59));
            await Task.Delay(200);
            Assert.Empty(manager.List());

            _time.Advance(TimeSpan.FromMinutes(1));
            await Eventually.TrueAsync(() => manager.List() is [{ HasManifest: true }]);

            Assert.Equal(new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero), Assert.Single(manager.List()).CreatedAt);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    private static async Task ForgeManifestAsync(string path)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path)));
        await File.WriteAllTextAsync(path + ".json",
            "{\"format\":\"sentimail-backup/1\",\"provider\":\"sqlite\",\"createdAt\":\"2026-11-01T00:00:00+00:00\",\"sha256\":\"" + hash + "\",\"bytes\":1,\"rowCounts\":{}}");
    }
}
