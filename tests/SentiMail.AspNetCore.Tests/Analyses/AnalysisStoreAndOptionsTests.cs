using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Analyses;
using SentiMail.Reporting;
using SentiMail.Scoring;

namespace SentiMail.AspNetCore.Tests.Analyses;

public class AnalysisStoreAndOptionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task InMemoryStore_WhenFull_DropsTheOldest()
    {
        var store = new InMemoryAnalysisStore(2);
        var a = Analysis("alice", 0);
        await store.SaveAsync(a);
        await store.SaveAsync(Analysis("alice", 1));
        await store.SaveAsync(Analysis("alice", 2));

        Assert.Equal(2, store.Count);
        Assert.Null(await store.FindAsync(a.Id));
    }

    [Fact]
    public async Task InMemoryStore_DuplicateId_Throws()
    {
        var store = new InMemoryAnalysisStore();
        var a = Analysis("alice", 0);
        await store.SaveAsync(a);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveAsync(a));
    }

    [Fact]
    public async Task InMemoryStore_ListsOneOwnerNewestFirstWithTotalAndFilters()
    {
        var store = new InMemoryAnalysisStore();
        for (var i = 0; i < 7; i++)
        {
            await store.SaveAsync(Analysis("alice", i, i % 3 == 0 ? Verdict.Malicious : Verdict.Clean));
        }

        await store.SaveAsync(Analysis("bob", 100));

        var page = await store.ListAsync(new AnalysisQuery { OwnerId = "alice", Page = 2, PageSize = 3 });
        var all = await store.ListAsync(new AnalysisQuery { PageSize = 100 });
        var malicious = await store.ListAsync(new AnalysisQuery { OwnerId = "alice", Verdict = Verdict.Malicious });
        var window = await store.ListAsync(new AnalysisQuery { OwnerId = "alice", From = T0.AddMinutes(2), To = T0.AddMinutes(4) });
        var beyond = await store.ListAsync(new AnalysisQuery { OwnerId = "alice", Page = int.MaxValue, PageSize = 100 });

        Assert.Equal(7, page.TotalCount);
        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(2), T0.AddMinutes(1)], page.Items.Select(a => a.CreatedAt));
        Assert.Equal(8, all.TotalCount);
        Assert.Equal(3, malicious.TotalCount);
        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(2)], window.Items.Select(a => a.CreatedAt));
        Assert.Empty(beyond.Items);
        Assert.Equal(7, beyond.TotalCount);
    }

    [Fact]
    public async Task InMemoryStore_Delete_ReportsWhetherItExisted()
    {
        var store = new InMemoryAnalysisStore();
        var a = Analysis("alice", 0);
        await store.SaveAsync(a);

        Assert.True(await store.DeleteAsync(a.Id));
        Assert.False(await store.DeleteAsync(a.Id));
        Assert.Equal(0, store.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void InMemoryStore_CapacityOutOfRange_Throws(int capacity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryAnalysisStore(capacity));

    [Fact]
    public void Options_Defaults_AreValid() => Assert.Empty(new SentiMailApiOptions().Validate());

    [Fact]
    public void Options_ReportsEveryProblemAtOnce()
    {
        var errors = new SentiMailApiOptions { MaxPageSize = 0, DefaultPageSize = 0, MultipartOverheadBytes = 10, MaxFormPartsBeforeFile = -1 }.Validate();

        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Options_DefaultPageSizeAboveMax_IsInvalid() =>
        Assert.Contains(new SentiMailApiOptions { MaxPageSize = 10, DefaultPageSize = 20 }.Validate(), e => e.Contains("DefaultPageSize", StringComparison.Ordinal));

    [Fact]
    public void AddSentiMailApi_InvalidOptions_FailValidation()
    {
        var services = new ServiceCollection().AddSentiMailApi(o => o.MaxPageSize = 5000).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SentiMailApiOptions>>().Value);
        Assert.Contains("MaxPageSize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSentiMailApi_IsIdempotentAndAccumulatesConfiguration()
    {
        var services = new ServiceCollection();
        services.AddSentiMailApi(o => o.MaxPageSize = 50).AddSentiMailApi(o => o.DefaultPageSize = 10);

        var options = services.BuildServiceProvider().GetRequiredService<IOptions<SentiMailApiOptions>>().Value;
        Assert.Equal(50, options.MaxPageSize);
        Assert.Equal(10, options.DefaultPageSize);
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<SentiMailApiOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(IAnalysisStore));
    }

    [Fact]
    public void AddSentiMailApi_WithoutStore_SaysWhatToRegister()
    {
        var services = new ServiceCollection().AddSentiMailApi().BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IAnalysisStore>());
        Assert.Contains("InMemoryAnalysisStore", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapSentiMail_WithoutAddSentiMailApi_SaysWhichCallIsMissing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSentiMailAuthorization();
        await using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapSentiMail());
        Assert.Contains("AddSentiMailApi()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapSentiMail_WithoutPolicies_SaysWhichCallIsMissing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSentiMailApi();
        await using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapSentiMailCompatibility());
        Assert.Contains("AddSentiMailAuthorization()", ex.Message, StringComparison.Ordinal);
    }

    private static StoredAnalysis Analysis(string owner, int minutes, Verdict verdict = Verdict.Clean) => new()
    {
        Id = Guid.NewGuid(),
        OwnerId = owner,
        CreatedAt = T0.AddMinutes(minutes),
        Report = new AnalysisReport { Message = new MessageSummary(), Verdict = verdict },
        Verdict = verdict,
    };
}
