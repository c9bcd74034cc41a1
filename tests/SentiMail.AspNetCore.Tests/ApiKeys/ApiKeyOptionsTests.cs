using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.ApiKeys;

namespace SentiMail.AspNetCore.Tests.ApiKeys;

public class ApiKeyOptionsTests
{
    [Fact]
    public void Ctor_EnsureDefaultValues()
    {
        var options = new ApiKeyOptions();

        Assert.Null(options.Pepper);
        Assert.Equal(TimeSpan.FromDays(90), options.DefaultLifetime);
        Assert.Equal(TimeSpan.FromDays(365), options.MaxLifetime);
        Assert.Equal(TimeSpan.FromMinutes(1), options.LastUsedUpdateInterval);
        Assert.Equal(20, options.MaxActiveKeysPerOwner);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_EveryInvalidValue_IsReportedAtOnce()
    {
        var options = new ApiKeyOptions
        {
            Pepper = "short",
            DefaultLifetime = TimeSpan.FromDays(400),
            LastUsedUpdateInterval = TimeSpan.FromSeconds(-1),
            MaxActiveKeysPerOwner = 0,
        };

        var errors = options.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains(nameof(ApiKeyOptions.Pepper), StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(nameof(ApiKeyOptions.DefaultLifetime), StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(nameof(ApiKeyOptions.LastUsedUpdateInterval), StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(nameof(ApiKeyOptions.MaxActiveKeysPerOwner), StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ValidEdges_Pass()
    {
        Assert.Empty(new ApiKeyOptions { Pepper = new string('p', 32), LastUsedUpdateInterval = TimeSpan.Zero, MaxActiveKeysPerOwner = 1 }.Validate());
        Assert.Empty(new ApiKeyOptions { DefaultLifetime = null, MaxLifetime = null, LastUsedUpdateInterval = TimeSpan.FromDays(1), MaxActiveKeysPerOwner = 10_000 }.Validate());
        Assert.Empty(new ApiKeyOptions { DefaultLifetime = TimeSpan.FromDays(365) }.Validate());
    }

    [Fact]
    public void Validate_NeverExpiringDefaultUnderAMaximum_Fails()
    {
        Assert.Single(new ApiKeyOptions { DefaultLifetime = null }.Validate());
        Assert.NotEmpty(new ApiKeyOptions { MaxLifetime = TimeSpan.Zero }.Validate());
    }

    [Fact]
    public async Task Host_WithInvalidOptions_FailsAtStartListingEveryProblem()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            ApiKeyTestHost.StartAsync(configureKeys: o =>
            {
                o.Pepper = "short";
                o.MaxActiveKeysPerOwner = -1;
            }));

        Assert.Equal(2, ex.Failures.Count());
    }

    [Fact]
    public void AuthenticationOptions_EnsureDefaultValues()
    {
        var options = new ApiKeyAuthenticationOptions();

        Assert.Equal("X-Api-Key", options.HeaderName);
        Assert.True(options.AcceptTokenScheme);
        Assert.Equal(512, options.MaxHeaderLength);
        options.Validate("ApiKey");
    }

    [Theory]
    [InlineData("", 512)]
    [InlineData("X Api Key", 512)]
    [InlineData("X-Api-Key:", 512)]
    [InlineData("X-Api-Key", 127)]
    [InlineData("X-Api-Key", 8193)]
    public void AuthenticationOptions_InvalidValue_ThrowsNamingTheScheme(string header, int maxLength)
    {
        var options = new ApiKeyAuthenticationOptions { HeaderName = header, MaxHeaderLength = maxLength };

        var ex = Assert.Throws<InvalidOperationException>(() => options.Validate("Keys"));

        Assert.Contains("'Keys'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthenticationOptions_ValidEdges_Pass()
    {
        new ApiKeyAuthenticationOptions { HeaderName = null, MaxHeaderLength = 128 }.Validate("ApiKey");
        new ApiKeyAuthenticationOptions { HeaderName = "X-My_Key.1", MaxHeaderLength = 8192 }.Validate("ApiKey");
    }

    [Fact]
    public async Task AuthenticationOptions_InvalidForTheScheme_FailWhenTheSchemeIsUsed()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
        services.AddAuthentication().AddApiKey("Keys", o => o.MaxHeaderLength = 1);
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() =>
            provider.GetRequiredService<IOptionsMonitor<ApiKeyAuthenticationOptions>>().Get("Keys"));

        Assert.Contains(nameof(ApiKeyAuthenticationOptions.MaxHeaderLength), ex.Message, StringComparison.Ordinal);
        Assert.NotNull(provider.GetRequiredService<IOptionsMonitor<ApiKeyAuthenticationOptions>>().Get(ApiKeyDefaults.AuthenticationScheme));
    }

    [Fact]
    public async Task AddApiKey_Overloads_RegisterTheNamedSchemesAndTheServiceOnce()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
        services.AddAuthentication()
            .AddApiKey()
            .AddApiKey("Second")
            .AddApiKey("Third", o => o.AcceptTokenScheme = false)
            .AddApiKey("Fourth", "Fourth keys", null);
        services.AddSentiMailApiKeys();
        await using var provider = services.BuildServiceProvider();

        var schemes = await provider.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync();
        Assert.Equal(["ApiKey", "Second", "Third", "Fourth"], schemes.Select(s => s.Name));
        Assert.Equal("Fourth keys", schemes.Last().DisplayName);
        Assert.Single(services, d => d.ServiceType == typeof(ApiKeyService));
        var monitor = provider.GetRequiredService<IOptionsMonitor<ApiKeyAuthenticationOptions>>();
        Assert.False(monitor.Get("Third").AcceptTokenScheme);
        Assert.True(monitor.Get("Second").AcceptTokenScheme);
        Assert.Same(TimeProvider.System, monitor.Get("Second").TimeProvider);
    }

    [Fact]
    public async Task AddSentiMailApiKeys_WithoutAStore_SaysWhatToRegister()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSentiMailApiKeys();
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ApiKeyService>());

        Assert.Contains("IApiKeyStore", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKeyService_InvalidOptions_Throws()
    {
        Assert.Throws<OptionsValidationException>(() => new ApiKeyService(new InMemoryApiKeyStore(),
            Options.Create(new ApiKeyOptions { MaxActiveKeysPerOwner = 0 }), TimeProvider.System, NullLogger<ApiKeyService>.Instance));
    }
}
