using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.Host.Encryption;
using SentiMail.Host.Storage;
using SentiMail.Host.Tests.Infrastructure;
using SentiMail.Scoring;

namespace SentiMail.Host.Tests.Storage;

/// <summary>The behaviour every provider's stores must have; run against SQLite and a real PostgreSQL.</summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private HostServices _host = null!;

    protected FakeTimeProvider Time { get; } = new(s_start);

    internal HostServices Host => _host;

    protected abstract Task<Dictionary<string, string?>> SettingsAsync();

    public async Task InitializeAsync() => _host = await HostServices.StartAsync(await SettingsAsync(), Time);

    public Task DisposeAsync() => _host.DisposeAndDeleteAsync();

    [Fact]
    public async Task Save_Find_RoundTripsReportAndRawMessage()
    {
        var store = _host.Get<IAnalysisStore>();
        var analysis = Samples.Analysis("alice", s_start, Verdict.Suspicious, "round-trip", score: 42);
        await store.SaveAsync(analysis);

        var found = await store.FindAsync(analysis.Id);

        Assert.NotNull(found);
        Assert.Equal("alice", found.OwnerId);
        Assert.Equal(s_start, found.CreatedAt);
        Assert.Equal(Verdict.Suspicious, found.Verdict);
        Assert.Equal(42, found.Score);
        Assert.Equal("round-trip", found.Report.Message.Subject);
        Assert.Equal("round-trip.eml", found.SourceFileName);
        Assert.Equal(analysis.RawMessage.ToArray(), found.RawMessage.ToArray());
        Assert.Null(await store.FindAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task RawMessage_IsEncryptedInTheDatabase()
    {
        var store = _host.Get<IAnalysisStore>();
        var analysis = Samples.Analysis("alice", s_start, marker: "plaintext-marker-7f3a");
        await store.SaveAsync(analysis);

        await using var db = _host.CreateDbContext();
        var row = await db.Analyses.AsNoTracking().SingleAsync(a => a.Id == analysis.Id);

        Assert.NotNull(row.RawMessageCiphertext);
        Assert.Equal(_host.Get<RawMessageProtector>().ActiveKeyId, row.RawMessageKeyId);
        // Nonce, tag and version byte make it longer; the text appears nowhere in it.
        Assert.Equal(analysis.RawMessage.Length + 29, row.RawMessageCiphertext.Length);
        Assert.DoesNotContain("plaintext-marker-7f3a", Encoding.Latin1.GetString(row.RawMessageCiphertext), StringComparison.Ordinal);
        Assert.DoesNotContain("secret body", Encoding.Latin1.GetString(row.RawMessageCiphertext), StringComparison.Ordinal);
        // The report itself is not sealed (it is what the API serves), but the body is not in it.
        Assert.DoesNotContain("secret body", row.ReportJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FiltersByOwnerVerdictAndTime_NewestFirst_WithPaging()
    {
        var store = _host.Get<IAnalysisStore>();
        var saved = new List<StoredAnalysis>();
        for (var i = 0; i < 6; i++)
        {
            var a = Samples.Analysis(i % 2 == 0 ? "alice" : "bob", s_start.AddMinutes(i), i < 3 ? Verdict.Clean : Verdict.Malicious);
            saved.Add(a);
            await store.SaveAsync(a);
        }

        var alice = await store.ListAsync(new AnalysisQuery { OwnerId = "alice", PageSize = 2 });
        Assert.Equal(3, alice.TotalCount);
        Assert.Equal([saved[4].Id, saved[2].Id], alice.Items.Select(a => a.Id));
        Assert.All(alice.Items, a => Assert.True(a.RawMessage.IsEmpty, "listing does not decrypt raw messages"));

        var alicePage2 = await store.ListAsync(new AnalysisQuery { OwnerId = "alice", PageSize = 2, Page = 2 });
        Assert.Equal([saved[0].Id], alicePage2.Items.Select(a => a.Id));

        var malicious = await store.ListAsync(new AnalysisQuery { Verdict = Verdict.Malicious });
        Assert.Equal([saved[5].Id, saved[4].Id, saved[3].Id], malicious.Items.Select(a => a.Id));

        var window = await store.ListAsync(new AnalysisQuery { From = s_start.AddMinutes(1), To = s_start.AddMinutes(3) });
        Assert.Equal([saved[2].Id, saved[1].Id], window.Items.Select(a => a.Id));

        var everyone = await store.ListAsync(new AnalysisQuery());
        Assert.Equal(6, everyone.TotalCount);
    }

    [Fact]
    public async Task Delete_RemovesOnlyThatAnalysis()
    {
        var store = _host.Get<IAnalysisStore>();
        var a = Samples.Analysis("alice", s_start);
        var b = Samples.Analysis("alice", s_start);
        await store.SaveAsync(a);
        await store.SaveAsync(b);

        Assert.True(await store.DeleteAsync(a.Id));
        Assert.False(await store.DeleteAsync(a.Id));
        Assert.Null(await store.FindAsync(a.Id));
        Assert.NotNull(await store.FindAsync(b.Id));
    }

    [Fact]
    public async Task Purge_DropsOldRawMessages_KeepsReports()
    {
        var store = _host.Get<IAnalysisStore>();
        var old = Samples.Analysis("alice", s_start);
        await store.SaveAsync(old);
        Time.Advance(TimeSpan.FromDays(20));
        var recent = Samples.Analysis("alice", Time.GetUtcNow());
        await store.SaveAsync(recent);

        // Retention is 30 days: at day 31 the first raw message is expired, the second (day 20) is not.
        Time.Advance(TimeSpan.FromDays(11));
        var purged = await _host.Get<RawMessageRetentionService>().PurgeOnceAsync();

        Assert.Equal(1, purged);
        var oldFound = await store.FindAsync(old.Id);
        Assert.NotNull(oldFound);
        Assert.True(oldFound.RawMessage.IsEmpty);
        Assert.Equal(old.Report.Message.Subject, oldFound.Report.Message.Subject);
        Assert.Equal(recent.RawMessage.ToArray(), (await store.FindAsync(recent.Id))!.RawMessage.ToArray());
        await using var db = _host.CreateDbContext();
        var row = await db.Analyses.AsNoTracking().SingleAsync(a => a.Id == old.Id);
        Assert.Null(row.RawMessageCiphertext);
        Assert.Null(row.RawMessageKeyId);
        Assert.Equal(Time.GetUtcNow(), row.RawMessagePurgedAt);
        Assert.Equal(0, await _host.Get<RawMessageRetentionService>().PurgeOnceAsync());
    }

    [Fact]
    public async Task ApiKeys_AddIsUnique_RevokeIsOnce_LastUsedOnlyMovesForward()
    {
        var store = _host.Get<IApiKeyStore>();
        var key = new ApiKeyRecord
        {
            Id = "0123456789abcdef",
            OwnerId = "alice",
            Name = "ci",
            Scopes = [ApiKeyScopes.Submit, ApiKeyScopes.Read],
            SecretHash = new byte[32],
            CreatedAt = s_start,
            ExpiresAt = s_start.AddDays(90),
        };
        Assert.True(await store.TryAddAsync(key));
        Assert.False(await store.TryAddAsync(key with { Name = "duplicate" }));
        Assert.True(await store.TryAddAsync(key with { Id = "fedcba9876543210", OwnerId = "bob", CreatedAt = s_start.AddMinutes(1) }));

        var found = await store.FindAsync(key.Id);
        Assert.NotNull(found);
        Assert.Equal("ci", found.Name);
        Assert.Equal(key.Scopes, found.Scopes);
        Assert.Equal(s_start.AddDays(90), found.ExpiresAt);
        Assert.Equal(["0123456789abcdef"], (await store.ListAsync("alice")).Select(k => k.Id));
        Assert.Equal(2, (await store.ListAsync(null)).Count);

        await store.UpdateLastUsedAsync(key.Id, s_start.AddHours(2));
        await store.UpdateLastUsedAsync(key.Id, s_start.AddHours(1));
        Assert.Equal(s_start.AddHours(2), (await store.FindAsync(key.Id))!.LastUsedAt);

        Assert.True(await store.TryRevokeAsync(key.Id, s_start.AddHours(3), "fedcba9876543210"));
        Assert.False(await store.TryRevokeAsync(key.Id, s_start.AddHours(4), null));
        Assert.False(await store.TryRevokeAsync("nope", s_start, null));
        var revoked = await store.FindAsync(key.Id);
        Assert.Equal(s_start.AddHours(3), revoked!.RevokedAt);
        Assert.Equal("fedcba9876543210", revoked.ReplacedBy);
    }

    [Fact]
    public async Task ApiKeys_ConcurrentRevocations_HaveOneWinner()
    {
        var store = _host.Get<IApiKeyStore>();
        var key = new ApiKeyRecord
        {
            Id = "aaaaaaaaaaaaaaaa", OwnerId = "alice", Name = "race", Scopes = [ApiKeyScopes.Read],
            SecretHash = new byte[32], CreatedAt = s_start,
        };
        await store.TryAddAsync(key);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.TryRevokeAsync(key.Id, s_start.AddSeconds(i), null)));

        Assert.Equal(1, results.Count(r => r));
    }
}

public sealed class SqliteStoreTests : StoreContractTests
{
    protected override Task<Dictionary<string, string?>> SettingsAsync() => Task.FromResult(new Dictionary<string, string?>());

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DataFolder_IsPrivate_AndTheGeneratedKeyFileIsOwnerOnly()
    {
        await using var db = Host.CreateDbContext();
        Assert.True(db.Database.IsSqlite());
        var keyFiles = Directory.GetFiles(Path.Combine(Host.DataDirectory.FullName, "keys"), "*.key");
        var keyFile = Assert.Single(keyFiles);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(Host.DataDirectory.FullName, "keys")));
        Assert.True(File.Exists(Path.Combine(Host.DataDirectory.FullName, "sentimail.db")));
    }
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresStoreTests(PostgresFixture postgres) : StoreContractTests
{
    protected override async Task<Dictionary<string, string?>> SettingsAsync() => new()
    {
        ["Storage:Provider"] = "PostgreSql",
        ["Storage:ConnectionString"] = await postgres.CreateDatabaseAsync(),
    };

    [Fact]
    public async Task Migrations_CreateTheSchemaInPostgreSql()
    {
        await using var db = Host.CreateDbContext();
        Assert.True(db.Database.IsNpgsql());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }
}
