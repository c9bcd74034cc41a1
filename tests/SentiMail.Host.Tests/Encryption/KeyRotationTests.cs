using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SentiMail.AspNetCore.Analyses;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests.Encryption;

/// <summary>Rotation through the real host and store: restart with a new active key, then without the old one.</summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task RotatedKeys_OldRowsStayReadable_AndAMissingKeyFailsCleanly()
    {
        var dir = Directory.CreateTempSubdirectory("sentimail-host-test-");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var k1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var k2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var old = Samples.Analysis("alice", time.GetUtcNow(), marker: "sealed-with-k1");
        var fresh = Samples.Analysis("alice", time.GetUtcNow(), marker: "sealed-with-k2");
        try
        {
            await using (var host = await HostServices.StartAsync(dir, new Dictionary<string, string?> { ["Encryption:Keys:k1"] = k1 }, time))
            {
                await host.Get<IAnalysisStore>().SaveAsync(old);
            }

            await using (var host = await HostServices.StartAsync(dir, new Dictionary<string, string?>
            {
                ["Encryption:Keys:k1"] = k1,
                ["Encryption:Keys:k2"] = k2,
                ["Encryption:ActiveKeyId"] = "k2",
            }, time))
            {
                var store = host.Get<IAnalysisStore>();
                await store.SaveAsync(fresh);
                Assert.Equal(old.RawMessage.ToArray(), (await store.FindAsync(old.Id))!.RawMessage.ToArray());
                Assert.Equal(fresh.RawMessage.ToArray(), (await store.FindAsync(fresh.Id))!.RawMessage.ToArray());
                await using var db = host.CreateDbContext();
                var keyIds = await db.Analyses.AsNoTracking().OrderBy(a => a.SourceFileName).Select(a => a.RawMessageKeyId).ToListAsync();
                Assert.Equal(["k1", "k2"], keyIds);
            }

            // k1 retired too early: its rows lose their raw message (logged), but the reports are still served.
            await using (var host = await HostServices.StartAsync(dir, new Dictionary<string, string?> { ["Encryption:Keys:k2"] = k2 }, time))
            {
                var store = host.Get<IAnalysisStore>();
                var oldFound = await store.FindAsync(old.Id);
                Assert.NotNull(oldFound);
                Assert.True(oldFound.RawMessage.IsEmpty);
                Assert.Equal("sealed-with-k1", oldFound.Report.Message.Subject);
                Assert.Equal(fresh.RawMessage.ToArray(), (await store.FindAsync(fresh.Id))!.RawMessage.ToArray());
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
