using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentiMail.Analyzers;
using SentiMail.Rules;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.DependencyInjection;

public class SentiMailServiceCollectionExtensionsTests
{
    [Fact]
    public void AddSentiMail_CalledTwice_RegistersEngineAndBuiltInAnalyzersOnce()
    {
        var services = new ServiceCollection();

        services.AddSentiMail();
        services.AddSentiMail();

        Assert.Single(services, d => d.ServiceType == typeof(IEmailAnalyzer));
        Assert.Single(services, d => d.ServiceType == typeof(EmailAnalyzer));
        Assert.Equal(7, services.Count(d => d.ServiceType == typeof(IMessageAnalyzer)));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<SentiMailOptions>));
        using var provider = services.BuildServiceProvider();
        var engine = Assert.IsType<EmailAnalyzer>(provider.GetRequiredService<IEmailAnalyzer>());
        Assert.Equal(["authentication", "headers", "links", "content", "attachments", "mime", "brands"], engine.Analyzers.Select(a => a.Name));
        Assert.Same(engine, provider.GetRequiredService<EmailAnalyzer>());
        Assert.Same(RuleSet.BuiltIn, engine.Rules);
    }

    [Fact]
    public async Task AddAnalyzer_SameTypeTwice_AddsItOnceAfterTheBuiltIns()
    {
        var services = new ServiceCollection();

        services.AddSentiMail().AddAnalyzer<RecordingAnalyzer>().AddAnalyzer<RecordingAnalyzer>();

        using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<EmailAnalyzer>();
        Assert.Equal(8, engine.Analyzers.Count);
        Assert.IsType<RecordingAnalyzer>(engine.Analyzers[^1]);
        var report = await engine.AnalyzeAsync(TestMessages.Text("Hello."));
        Assert.Contains(report.Signals, s => s.Id == RecordingAnalyzer.Seen.Id);
    }

    [Fact]
    public void AddAnalyzer_Instance_IsRegistered()
    {
        var services = new ServiceCollection();
        var analyzer = new RecordingAnalyzer();

        services.AddSentiMail().AddAnalyzer(analyzer);

        using var provider = services.BuildServiceProvider();
        Assert.Contains(analyzer, provider.GetRequiredService<EmailAnalyzer>().Analyzers);
        Assert.Throws<ArgumentNullException>(() => services.AddSentiMail().AddAnalyzer(null!));
    }

    [Fact]
    public void AddSentiMail_InvalidOptions_FailsAtResolveListingEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddSentiMail(o =>
        {
            o.Scoring.SuspiciousThreshold = 0;
            o.Limits.MaxParts = 0;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IEmailAnalyzer>());

        Assert.Contains("Scoring.SuspiciousThreshold", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Limits.MaxParts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSentiMail_ConfigureCallbacks_AllApply()
    {
        var services = new ServiceCollection();

        services.AddSentiMail(o => o.Scoring.MaliciousThreshold = 70);
        services.AddSentiMail(o => o.AnalyzerTimeout = TimeSpan.FromSeconds(2)).Configure(o => o.TrustPrivateNetworks = false);

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<SentiMailOptions>>().Value;
        Assert.Equal(70, options.Scoring.MaliciousThreshold);
        Assert.Equal(TimeSpan.FromSeconds(2), options.AnalyzerTimeout);
        Assert.False(options.TrustPrivateNetworks);
    }

    [Fact]
    public async Task AddSentiMail_ConfiguredLimits_ReachTheAttachmentAnalyzer()
    {
        var services = new ServiceCollection();
        services.AddSentiMail(o => o.Limits.MaxArchiveEntries = 1);
        using var provider = services.BuildServiceProvider();
        var zip = TestFiles.Zip(("a.txt", TestFiles.PlainText()), ("b.bin", TestFiles.WindowsExecutable()));

        var report = await provider.GetRequiredService<IEmailAnalyzer>().AnalyzeAsync(TestMessages.WithAttachment(new("two.zip", "application/zip", zip)));

        // The second entry is past the limit: listed by its name, which runs nothing, and not read.
        Assert.DoesNotContain(report.Signals, s => s.Id == AttachmentAnalyzer.ArchiveExecutable.Id);
        Assert.Contains(report.Signals, s => s.Id == AttachmentAnalyzer.ArchiveUnreadable.Id && s.Weight == AttachmentAnalyzer.LimitHitWeight);
    }

    [Fact]
    public async Task AddSentiMail_AdditionalBrand_BuildsItsOwnRuleSet()
    {
        var services = new ServiceCollection();
        services.AddSentiMail(o => o.AdditionalBrands.Add(new BrandDefinition { Name = "Northwind", Keywords = ["northwind"], Domains = ["northwind-traders.com"] }));
        using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<EmailAnalyzer>();

        var report = await engine.AnalyzeAsync(TestMessages.Build(HeaderBlock.Standard().Set("Subject", "Your Northwind order"), "Hello."));

        Assert.NotSame(RuleSet.BuiltIn, engine.Rules);
        Assert.Contains(engine.Rules.Brands, b => b.Name == "Northwind");
        Assert.Contains(report.Signals, s => s.Id == BrandImpersonationAnalyzer.SubjectImpersonation.Id);
    }

    [Fact]
    public async Task AddSentiMail_RegisteredTimeProvider_IsTheEngineClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSentiMail();
        using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<IEmailAnalyzer>().AnalyzeAsync(TestMessages.Text("Hello."));

        Assert.Equal(clock.GetUtcNow(), report.AnalyzedAt);
    }

    [Fact]
    public void AddSentiMail_NullServices_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => SentiMailServiceCollectionExtensions.AddSentiMail(null!));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddSentiMail().Configure(null!));
    }
}
