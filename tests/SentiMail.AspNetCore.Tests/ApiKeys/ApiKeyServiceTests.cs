using System.Security.Claims;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentiMail.AspNetCore.ApiKeys;

namespace SentiMail.AspNetCore.Tests.ApiKeys;

public class ApiKeyServiceTests
{
    private readonly FakeTimeProvider _time = new(ApiKeyTestHost.Start);
    private readonly InMemoryApiKeyStore _store = new();

    [Fact]
    public async Task Create_GeneratesDistinctWellFormedKeys()
    {
        var service = CreateService();

        var keys = new List<CreatedApiKey>();
        for (var i = 0; i < 20; i++)
        {
            keys.Add(await service.CreateAsync(Request("alice")));
        }

        Assert.All(keys, k => Assert.Matches("^sm_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", k.Key));
        Assert.Equal(20, keys.Select(k => k.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(20, keys.Select(k => k.Key[^43..]).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Validate_ValidKey_ReturnsTheRecord()
    {
        var service = CreateService();
        var key = await service.CreateAsync(Request("alice"));

        var result = await service.ValidateAsync(key.Key);

        Assert.True(result.Succeeded);
        Assert.Equal(key.Id, result.KeyId);
        Assert.Equal("alice", result.Key!.OwnerId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sm_")]
    [InlineData("xx_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sm_0123456789a_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sm_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("sm_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u0000")]
    public async Task Validate_Malformed_NeverThrowsNorLooksUp(string? key)
    {
        var service = CreateService();

        var result = await service.ValidateAsync(key);

        Assert.Equal(ApiKeyValidationStatus.Malformed, result.Status);
        Assert.Null(result.KeyId);
        Assert.Equal(0, service.Hasher.Comparisons);
    }

    [Fact]
    public async Task Pepper_ChangesTheStoredHash()
    {
        var plain = CreateService();
        var peppered = CreateService(o => o.Pepper = new string('p', 32));
        var key = await peppered.CreateAsync(Request("alice"));

        Assert.True((await peppered.ValidateAsync(key.Key)).Succeeded);
        Assert.Equal(ApiKeyValidationStatus.WrongSecret, (await plain.ValidateAsync(key.Key)).Status);
    }

    [Fact]
    public async Task Create_DefaultsExpiryAndTheStoreKeepsNoPlaintext()
    {
        var service = CreateService();

        var key = await service.CreateAsync(Request("alice"));

        var record = (await _store.FindAsync(key.Id))!;
        Assert.Equal(ApiKeyTestHost.Start.AddDays(90), record.ExpiresAt);
        Assert.DoesNotContain(key.Key[^43..], record.ToString(), StringComparison.Ordinal);
        var listed = await service.ListAsync("alice");
        Assert.IsNotType<CreatedApiKey>(Assert.Single(listed));
    }

    [Fact]
    public async Task Create_InvalidRequest_ThrowsArgumentException()
    {
        var service = CreateService();

        await Assert.ThrowsAsync<ArgumentException>(() => service.CreateAsync(Request("alice") with { Scopes = ["root"] }));
        await Assert.ThrowsAsync<ArgumentException>(() => service.CreateAsync(Request("") with { Name = "" }));
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task Rotate_TwiceConcurrently_OnlyOneWins()
    {
        var service = CreateService();
        var key = await service.CreateAsync(Request("alice"));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => service.RotateAsync(key.Id))));

        Assert.Single(results, r => r is not null);
        var active = (await _store.ListAsync("alice")).Where(k => k.IsActive(_time.GetUtcNow())).ToList();
        Assert.Single(active);
    }

    [Fact]
    public async Task Rotate_NeverExpiringKeyUnderAMaximum_GetsTheMaximum()
    {
        var service = CreateService(o => (o.DefaultLifetime, o.MaxLifetime) = (TimeSpan.FromDays(30), TimeSpan.FromDays(30)));
        await _store.TryAddAsync(new ApiKeyRecord
        {
            Id = "00112233445566aa",
            OwnerId = "alice",
            Name = "legacy",
            Scopes = [ApiKeyScopes.Read],
            SecretHash = new byte[32],
            CreatedAt = ApiKeyTestHost.Start,
        });

        var rotated = await service.RotateAsync("00112233445566aa");

        Assert.Equal(ApiKeyTestHost.Start.AddDays(30), rotated!.ExpiresAt);
    }

    [Fact]
    public async Task Revoke_UnknownOrTwice_ReturnsFalse()
    {
        var service = CreateService();
        var key = await service.CreateAsync(Request("alice"));

        Assert.True(await service.RevokeAsync(key.Id));
        Assert.False(await service.RevokeAsync(key.Id));
        Assert.False(await service.RevokeAsync("0123456789abcdef"));
        Assert.Null(await service.RotateAsync(key.Id));
    }

    [Theory]
    [InlineData(ApiKeyScopes.Submit, true)]
    [InlineData(ApiKeyScopes.Read, true)]
    [InlineData(ApiKeyScopes.ManageKeys, true)]
    [InlineData(ApiKeyScopes.Admin, false)]
    public void IsGranted_AnalystRole_GetsTheAnalystScopes(string scope, bool expected)
    {
        var analyst = User(new Claim(ClaimTypes.Role, SentiMailRoles.Analyst));

        Assert.Equal(expected, ScopeRequirement.IsGranted(analyst, scope));
    }

    [Fact]
    public void IsGranted_AdminRoleOrScope_GetsEverything_AnonymousNothing()
    {
        Assert.All(ApiKeyScopes.All, s => Assert.True(ScopeRequirement.IsGranted(User(new Claim(ClaimTypes.Role, SentiMailRoles.Admin)), s)));
        Assert.All(ApiKeyScopes.All, s => Assert.True(ScopeRequirement.IsGranted(User(new Claim("scope", ApiKeyScopes.Admin)), s)));
        Assert.All(ApiKeyScopes.All, s => Assert.False(ScopeRequirement.IsGranted(User(), s)));
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim("scope", ApiKeyScopes.Admin)]));
        Assert.False(ScopeRequirement.IsGranted(anonymous, ApiKeyScopes.Read));
    }

    [Fact]
    public void IsGranted_SpaceSeparatedOAuthScopeClaim_IsSplit()
    {
        var user = User(new Claim("scope", "openid analyses:read  analyses:submitx"));

        Assert.True(ScopeRequirement.IsGranted(user, ApiKeyScopes.Read));
        Assert.False(ScopeRequirement.IsGranted(user, ApiKeyScopes.Submit));
    }

    [Fact]
    public void ScopeRequirement_UnknownScope_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ScopeRequirement("everything"));
    }

    private static ClaimsPrincipal User(params Claim[] claims) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u"), .. claims], "Test"));

    [Fact]
    public async Task Create_InParallel_NeverExceedsTheActiveKeyLimit()
    {
        // Two services over one store (as with a scoped registration), and a store that yields between calls so that
        // unsynchronized creates would interleave their count and add.
        var store = new YieldingApiKeyStore();
        var options = Options.Create(new ApiKeyOptions { MaxActiveKeysPerOwner = 20 });
        ApiKeyService[] services =
        [
            new(store, options, _time, NullLogger<ApiKeyService>.Instance),
            new(store, options, _time, NullLogger<ApiKeyService>.Instance),
        ];

        var attempts = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            try
            {
                await services[i % 2].CreateAsync(Request("alice"));
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }));
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(20, outcomes.Count(created => created));
        Assert.Equal(20, (await store.ListAsync("alice")).Count(k => k.IsActive(_time.GetUtcNow())));
    }

    private static ApiKeyCreateRequest Request(string owner) =>
        new() { OwnerId = owner, Name = "ci", Scopes = [ApiKeyScopes.Submit] };

    private ApiKeyService CreateService(Action<ApiKeyOptions>? configure = null)
    {
        var options = new ApiKeyOptions();
        configure?.Invoke(options);
        return new ApiKeyService(_store, Options.Create(options), _time, NullLogger<ApiKeyService>.Instance);
    }

    /// <summary>An <see cref="InMemoryApiKeyStore"/> that yields the thread before listing and adding.</summary>
    private sealed class YieldingApiKeyStore : IApiKeyStore
    {
        private readonly InMemoryApiKeyStore _inner = new();

        public Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default) => _inner.FindAsync(id, cancellationToken);

        public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? ownerId, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return await _inner.ListAsync(ownerId, cancellationToken);
        }

        public async Task<bool> TryAddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return await _inner.TryAddAsync(key, cancellationToken);
        }

        public Task<bool> TryRevokeAsync(string id, DateTimeOffset revokedAt, string? replacedBy, CancellationToken cancellationToken = default) =>
            _inner.TryRevokeAsync(id, revokedAt, replacedBy, cancellationToken);

        public Task UpdateLastUsedAsync(string id, DateTimeOffset lastUsedAt, CancellationToken cancellationToken = default) =>
            _inner.UpdateLastUsedAsync(id, lastUsedAt, cancellationToken);
    }
}
