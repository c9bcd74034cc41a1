using Microsoft.Extensions.Time.Testing;
using SentiMail.AspNetCore.Analyses;
using SentiMail.Host.Storage;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests.Storage;

public sealed class RetentionServiceTests
{
    [Fact]
    public async Task BackgroundService_PurgesRawMessagesOnceTheyExpire_AndKeepsReports()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var host = await HostServices.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:RawMessageRetention"] = "2.00:00:00",
            ["Storage:PurgeInterval"] = "01:00:00",
        }, time);
        try
        {
            var store = host.Get<IAnalysisStore>();
            var analysis = Samples.Analysis("alice", time.GetUtcNow());
            await store.SaveAsync(analysis);
            var service = host.Get<RawMessageRetentionService>();
            await service.StartAsync(CancellationToken.None);

            // One day in, the raw message is still there; past two days, an hourly run drops it.
            time.Advance(TimeSpan.FromDays(1));
            await Task.Delay(100);
            Assert.False((await store.FindAsync(analysis.Id))!.RawMessage.IsEmpty);
            await Eventually.TrueAsync(async () =>
            {
                time.Advance(TimeSpan.FromHours(1));
                return (await store.FindAsync(analysis.Id))!.RawMessage.IsEmpty;
            });

            Assert.True(time.GetUtcNow() > analysis.CreatedAt.AddDays(2));
            Assert.Equal(analysis.Report.Message.Subject, (await store.FindAsync(analysis.Id))!.Report.Message.Subject);
            await service.StopAsync(CancellationToken.None);
        }
        finally
        {
            await host.DisposeAndDeleteAsync();
        }
    }
}
