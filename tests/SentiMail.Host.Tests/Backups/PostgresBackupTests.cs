using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.Host.Backups;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests.Backups;

[Collection(PostgresGroup.Name)]
public sealed class PostgresBackupTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sentimail-host-test-");
    private Dictionary<string, string?> _settings = null!;

    public async Task InitializeAsync() => _settings = new()
    {
        ["Storage:Provider"] = "PostgreSql",
        ["Storage:ConnectionString"] = await postgres.CreateDatabaseAsync(),
        ["Backup:PgDumpPath"] = Path.Combine(postgres.BinDirectory, "pg_dump"),
        ["Backup:PgRestorePath"] = Path.Combine(postgres.BinDirectory, "pg_restore"),
    };

    public Task DisposeAsync()
    {
        _dir.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PgDump_DestroyTheSchema_PgRestore_EveryAnalysisAndRawMessageIsBack()
    {
        await using var host = await HostServices.StartAsync(_dir, _settings, _time);
        var written = await BackupTestData.WriteAsync(host, _time.GetUtcNow());
        var backup = await host.Get<BackupManager>().BackupNowAsync();
        Assert.EndsWith(".dump", backup.Path, StringComparison.Ordinal);
        Assert.Equal(10, backup.Rows);

        await using (var db = host.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        }

        await Assert.ThrowsAnyAsync<Exception>(() => host.Get<IAnalysisStore>().FindAsync(written[0].Id));

        await host.Get<BackupManager>().RestoreAsync(backup.Path);

        await BackupTestData.AssertAllBackAsync(host, written);
    }

    [Fact]
    public async Task Restore_OfACorruptedDump_IsRefused()
    {
        await using var host = await HostServices.StartAsync(_dir, _settings, _time);
        await BackupTestData.WriteAsync(host, _time.GetUtcNow(), count: 1);
        var backup = await host.Get<BackupManager>().BackupNowAsync();
        var bytes = await File.ReadAllBytesAsync(backup.Path);
        Array.Clear(bytes, 0, 16);
        await File.WriteAllBytesAsync(backup.Path, bytes);

        var ex = await Assert.ThrowsAsync<BackupException>(() => host.Get<BackupManager>().RestoreAsync(backup.Path));

        Assert.Contains("corrupted", ex.Message, StringComparison.Ordinal);
        Assert.Single(await host.Get<IApiKeyStore>().ListAsync(null));
    }
}
