using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.Host.Tests.Infrastructure;
using SentiMail.Host.Users;
using SentiMail.Scoring;

namespace SentiMail.Host.Tests.Backups;

internal static class BackupTestData
{
    /// <summary>Writes a user, an API key and <paramref name="count"/> analyses with raw messages.</summary>
    public static async Task<List<StoredAnalysis>> WriteAsync(HostServices host, DateTimeOffset now, int count = 5)
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync("owner@example.org", "correct horse battery", SentiMailRoles.Analyst);
            await host.Get<ApiKeyService>().CreateAsync(new ApiKeyCreateRequest { OwnerId = user.Id, Name = "backup-test", Scopes = [ApiKeyScopes.Read] });
        }

        var store = host.Get<IAnalysisStore>();
        var analyses = new List<StoredAnalysis>();
        for (var i = 0; i < count; i++)
        {
            var a = Samples.Analysis("owner", now.AddMinutes(i), (Verdict)(i % 3));
            analyses.Add(a);
            await store.SaveAsync(a);
        }

        return analyses;
    }

    /// <summary>Asserts that every analysis, with its raw message, is in the store.</summary>
    public static async Task AssertAllBackAsync(HostServices host, IReadOnlyList<StoredAnalysis> expected)
    {
        var store = host.Get<IAnalysisStore>();
        Assert.Equal(expected.Count, (await store.ListAsync(new AnalysisQuery())).TotalCount);
        foreach (var a in expected)
        {
            var found = await store.FindAsync(a.Id);
            Assert.NotNull(found);
            Assert.Equal(a.Report.Message.Subject, found.Report.Message.Subject);
            Assert.Equal(a.Verdict, found.Verdict);
            Assert.Equal(a.RawMessage.ToArray(), found.RawMessage.ToArray());
        }

        Assert.Single(await host.Get<IApiKeyStore>().ListAsync(null));
    }
}
