using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SentiMail.Kubernetes.Tests.Probes;

public sealed class SentiMailProbeOptionsTests
{
    public static TheoryData<Action<SentiMailProbeOptions>, string> InvalidValues => new()
    {
        { o => o.LivenessPath = "", "LivenessPath is required" },
        { o => o.ReadinessPath = "healthz/ready", "ReadinessPath must be a path starting with '/'" },
        { o => o.StartupPath = "/healthz/startup?x=1", "StartupPath must be a path" },
        { o => o.LivenessPath = "/a#b", "LivenessPath must be a path" },
        { o => o.LivenessPath = "/he althz", "LivenessPath must be a path" },
        { o => o.ReadinessPath = "/HEALTHZ/LIVE/", "three different paths" },
        { o => o.DrainDelay = TimeSpan.FromMilliseconds(-1), "DrainDelay must be between" },
        { o => o.DrainDelay = TimeSpan.FromMinutes(5) + TimeSpan.FromTicks(1), "DrainDelay must be between" },
        { o => o.RequestGracePeriod = TimeSpan.FromMilliseconds(999), "RequestGracePeriod must be between" },
        { o => o.RequestGracePeriod = TimeSpan.FromMinutes(11), "RequestGracePeriod must be between" },
        { o => o.WarmUpTimeout = TimeSpan.Zero, "WarmUpTimeout must be between" },
        { o => o.WarmUpTimeout = TimeSpan.FromHours(2), "WarmUpTimeout must be between" },
    };

    [Fact]
    public void Ctor_EnsureDefaultValues()
    {
        var options = new SentiMailProbeOptions();
        Assert.Equal("/healthz/live", options.LivenessPath);
        Assert.Equal("/healthz/ready", options.ReadinessPath);
        Assert.Equal("/healthz/startup", options.StartupPath);
        Assert.Equal(TimeSpan.FromSeconds(5), options.DrainDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), options.RequestGracePeriod);
        Assert.Equal(TimeSpan.FromMinutes(2), options.WarmUpTimeout);
        Assert.True(options.CloseConnectionsWhileDraining);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Validate_InvalidValue_IsReported(Action<SentiMailProbeOptions> change, string expected)
    {
        var options = new SentiMailProbeOptions();
        change(options);
        var error = Assert.Single(options.Validate());
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EdgeValues_AreAccepted()
    {
        var shortest = new SentiMailProbeOptions { DrainDelay = TimeSpan.Zero, RequestGracePeriod = TimeSpan.FromSeconds(1), WarmUpTimeout = TimeSpan.FromSeconds(1) };
        var longest = new SentiMailProbeOptions
        {
            DrainDelay = SentiMailProbeOptions.MaxDrainDelay,
            RequestGracePeriod = SentiMailProbeOptions.MaxRequestGracePeriod,
            WarmUpTimeout = SentiMailProbeOptions.MaxWarmUpTimeout,
            LivenessPath = "/l",
            ReadinessPath = "/r",
            StartupPath = "/s",
        };
        Assert.Empty(shortest.Validate());
        Assert.Empty(longest.Validate());
    }

    [Fact]
    public async Task HostStart_InvalidOptions_FailsWithEveryProblemListed()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSentiMailProbes(o =>
        {
            o.DrainDelay = TimeSpan.FromMinutes(-1);
            o.StartupPath = "startup";
        });
        await using var app = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(error.Failures, f => f.Contains("DrainDelay", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("StartupPath", StringComparison.Ordinal));
    }

    [Fact]
    public void MapSentiMailProbes_InvalidOptions_ThrowsWithTheProblem()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSentiMailProbes(o => o.LivenessPath = "/healthz/ready");
        var app = builder.Build();
        var error = Assert.Throws<OptionsValidationException>(() => app.MapSentiMailProbes());
        Assert.Contains("three different paths", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSentiMailProbes_SetsShutdownTimeoutToDrainDelayPlusGracePeriod()
    {
        var services = new ServiceCollection();
        services.AddSentiMailProbes(o => o.DrainDelay = TimeSpan.FromSeconds(7));
        services.AddSentiMailProbes(o => o.RequestGracePeriod = TimeSpan.FromSeconds(11));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(TimeSpan.FromSeconds(18), provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public void AddSentiMailProbes_CalledTwice_RegistersTheBuiltInChecksOnce()
    {
        var services = new ServiceCollection();
        services.AddSentiMailProbes();
        services.AddSentiMailProbes();
        using var provider = services.BuildServiceProvider();
        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Single(registrations, r => r.Name == SentiMailProbesServiceCollectionExtensions.WarmUpCheckName);
        Assert.Single(registrations, r => r.Name == SentiMailProbesServiceCollectionExtensions.DrainCheckName);
        Assert.Single(services, d => d.ImplementationType == typeof(SentiMail.Kubernetes.WarmUp.WarmUpService));
        Assert.Single(services, d => d.ImplementationType == typeof(SentiMail.Kubernetes.Drain.DrainService));
    }

    [Fact]
    public void MapSentiMailProbes_WithoutAddSentiMailProbes_SaysWhichCallIsMissing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        var error = Assert.Throws<InvalidOperationException>(() => app.MapSentiMailProbes());
        Assert.Contains("AddSentiMailProbes()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_RejectsMissingArguments()
    {
        var builder = new ServiceCollection().AddSentiMailProbes();
        Assert.Throws<ArgumentException>(() => builder.AddReadinessCheck(" ", (_, _) => Task.FromResult(true)));
        Assert.Throws<ArgumentNullException>(() => builder.AddReadinessCheck("store", null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddWarmUpStep("step", null!));
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddSentiMailProbes());
    }
}
