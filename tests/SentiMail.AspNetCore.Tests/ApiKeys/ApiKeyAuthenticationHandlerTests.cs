using System.Net;
using SentiMail.AspNetCore.ApiKeys;

namespace SentiMail.AspNetCore.Tests.ApiKeys;

public class ApiKeyAuthenticationHandlerTests
{
    private const string ChallengeBody =
        """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Unauthorized","status":401,"detail":"A valid API key is required."}""";

    public static TheoryData<string, string> MalformedHeaders => new()
    {
        { "Authorization", "ApiKey" },
        { "Authorization", "ApiKey    " },
        { "Authorization", "ApiKey garbage" },
        { "Authorization", "ApiKey sm_" },
        { "Authorization", "ApiKey sm__" },
        { "Authorization", "ApiKey sm_0123456789abcdef_short" },
        { "Authorization", "ApiKey sm_0123456789ABCDEF_" + new string('A', 43) },
        { "Authorization", "ApiKey sm_0123456789abcdef_" + new string('A', 42) + "=" },
        { "Authorization", "ApiKey sm_0123456789abcdef_" + new string('A', 44) },
        { "Authorization", "ApiKey " + new string('x', 10 * 1024) },
        { "Authorization", "ApiKey sm_" + new string('a', 10 * 1024) + "_" + new string('A', 43) },
        { "Authorization", "Token" },
        { "Authorization", "ApiKey sm_0123456789abcdef_" + new string('\u00e9', 43) },
        { "X-Api-Key", "garbage" },
        { "X-Api-Key", new string('k', 10 * 1024) },
    };

    [Fact]
    public async Task NoKey_Returns401WithChallengeAndProblemBody()
    {
        await using var host = await ApiKeyTestHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Get, "/submit");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("ApiKey", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ChallengeBody, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("ApiKey")]
    [InlineData("apikey")]
    [InlineData("Token")]
    [InlineData("X-Api-Key")]
    public async Task ValidKey_EachAcceptedHeader_AuthenticatesTheOwner(string form)
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/submit");
        if (form == "X-Api-Key")
        {
            request.Headers.Add("X-Api-Key", key.Key);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"{form} {key.Key}");
        }

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ValidKey_Principal_CarriesOwnerScopesAndKeyId()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit, ApiKeyScopes.Read);

        using var response = await host.SendAsync(HttpMethod.Get, "/whoami", key.Key);

        var claims = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier=alice", claims);
        Assert.Contains($"{ApiKeyDefaults.KeyIdClaimType}={key.Id}", claims);
        Assert.Contains("scope=analyses:submit", claims);
        Assert.Contains("scope=analyses:read", claims);
        Assert.Equal(4, claims.Length);
    }

    [Fact]
    public async Task TokenScheme_WhenTurnedOff_IsNotAccepted()
    {
        await using var host = await ApiKeyTestHost.StartAsync(o => o.AcceptTokenScheme = false);
        var key = await host.CreateKeyAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/submit");
        request.Headers.TryAddWithoutValidation("Authorization", $"Token {key.Key}");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CustomHeaderName_IsUsedInsteadOfXApiKey()
    {
        await using var host = await ApiKeyTestHost.StartAsync(o => o.HeaderName = "X-SentiMail-Key");
        var key = await host.CreateKeyAsync();
        using var custom = new HttpRequestMessage(HttpMethod.Get, "/submit");
        custom.Headers.Add("X-SentiMail-Key", key.Key);
        using var standard = new HttpRequestMessage(HttpMethod.Get, "/submit");
        standard.Headers.Add("X-Api-Key", key.Key);

        using var customResponse = await host.Client.SendAsync(custom);
        using var standardResponse = await host.Client.SendAsync(standard);

        Assert.Equal(HttpStatusCode.OK, customResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, standardResponse.StatusCode);
    }

    [Fact]
    public async Task BadKeys_UnknownWrongExpiredRevoked_GetByteIdenticalResponses()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var wrong = await host.CreateKeyAsync();
        var revoked = await host.CreateKeyAsync();
        var expiring = await host.Keys.CreateAsync(new ApiKeyCreateRequest
        {
            OwnerId = "alice",
            Name = "short",
            Scopes = [ApiKeyScopes.Submit],
            ExpiresAt = ApiKeyTestHost.Start.AddHours(1),
        });
        await host.Keys.RevokeAsync(revoked.Id);
        host.Time.Advance(TimeSpan.FromHours(1));
        string[] keys =
        [
            "sm_0123456789abcdef_" + wrong.Key[^43..],
            wrong.Key[..^43] + Flip(wrong.Key[^43..]),
            expiring.Key,
            revoked.Key,
        ];

        var bodies = new List<byte[]>();
        foreach (var key in keys)
        {
            using var response = await host.SendAsync(HttpMethod.Get, "/submit", key);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("ApiKey", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
            bodies.Add(await response.Content.ReadAsByteArrayAsync());
        }

        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        Assert.Equal(ChallengeBody, System.Text.Encoding.UTF8.GetString(bodies[0]));
        var events = host.Logs.Entries.Select(e => e.EventId.Name).ToHashSet();
        Assert.Contains("ApiKeyUnknown", events);
        Assert.Contains("ApiKeyWrongSecret", events);
        Assert.Contains("ApiKeyExpired", events);
        Assert.Contains("ApiKeyRevoked", events);
    }

    [Fact]
    public async Task ExpiredKey_WorksUntilExpiryThenFails()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var key = await host.Keys.CreateAsync(new ApiKeyCreateRequest
        {
            OwnerId = "alice",
            Name = "short",
            Scopes = [ApiKeyScopes.Submit],
            ExpiresAt = ApiKeyTestHost.Start.AddDays(1),
        });

        host.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        using var before = await host.SendAsync(HttpMethod.Get, "/submit", key.Key);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        using var after = await host.SendAsync(HttpMethod.Get, "/submit", key.Key);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task KeyWithoutTheScope_Returns403()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Read);

        using var response = await host.SendAsync(HttpMethod.Get, "/submit", key.Key);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(key.Key, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public async Task MalformedCredential_Returns401WithTheSameBodyAndNoException(string header, string value)
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/submit");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(ChallengeBody, body);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Exception is not null);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "ApiKeyMalformed");
    }

    [Fact]
    public async Task OtherAuthorizationScheme_IsLeftToOtherHandlers()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/submit");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer abc.def.ghi");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Name == "ApiKeyMalformed");
    }

    [Fact]
    public async Task TwoCredentials_AreRefused()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var key = await host.CreateKeyAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/submit");
        request.Headers.TryAddWithoutValidation("Authorization", $"ApiKey {key.Key}");
        request.Headers.Add("X-Api-Key", key.Key);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Logs_NeverContainTheSecretOrTheKey()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var key = await host.CreateKeyAsync();
        var revoked = await host.CreateKeyAsync();
        await host.Keys.RevokeAsync(revoked.Id);
        var secret = key.Key[^43..];
        string[] attempts = [key.Key, key.Key[..^43] + Flip(secret), "sm_fedcba9876543210_" + secret, revoked.Key, key.Key + "x"];

        foreach (var attempt in attempts)
        {
            using var response = await host.SendAsync(HttpMethod.Get, "/submit", attempt);
        }

        var logs = host.Logs.AllText;
        Assert.Contains(key.Id, logs, StringComparison.Ordinal);
        Assert.Contains("fedcba9876543210", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Flip(secret), logs, StringComparison.Ordinal);
        Assert.DoesNotContain(revoked.Key[^43..], logs, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[..16], logs, StringComparison.Ordinal);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 5103 && e.Values.Contains(key.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownId_StillHashesAndComparesTheSecret()
    {
        var store = new CountingApiKeyStore();
        await using var host = await ApiKeyTestHost.StartAsync(store: store);
        var key = await host.CreateKeyAsync();
        var before = host.Keys.Hasher.Comparisons;

        using var unknown = await host.SendAsync(HttpMethod.Get, "/submit", "sm_0123456789abcdef_" + key.Key[^43..]);
        var afterUnknown = host.Keys.Hasher.Comparisons;
        using var wrong = await host.SendAsync(HttpMethod.Get, "/submit", key.Key[..^43] + Flip(key.Key[^43..]));
        var afterWrong = host.Keys.Hasher.Comparisons;
        using var malformed = await host.SendAsync(HttpMethod.Get, "/submit", "garbage");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(before + 1, afterUnknown);
        Assert.Equal(afterUnknown + 1, afterWrong);
        Assert.Equal(afterWrong, host.Keys.Hasher.Comparisons);
        Assert.Equal(2, store.Finds);
    }

    [Fact]
    public async Task LastUsed_IsUpdatedAtMostOncePerMinute()
    {
        var store = new CountingApiKeyStore();
        await using var host = await ApiKeyTestHost.StartAsync(store: store);
        var key = await host.CreateKeyAsync();
        Assert.Null((await store.FindAsync(key.Id))!.LastUsedAt);

        using (await host.SendAsync(HttpMethod.Get, "/submit", key.Key))
        {
            Assert.Equal(ApiKeyTestHost.Start, (await store.FindAsync(key.Id))!.LastUsedAt);
        }

        host.Time.Advance(TimeSpan.FromSeconds(59));
        using (await host.SendAsync(HttpMethod.Get, "/submit", key.Key))
        {
            Assert.Equal(ApiKeyTestHost.Start, (await store.FindAsync(key.Id))!.LastUsedAt);
        }

        host.Time.Advance(TimeSpan.FromSeconds(1));
        using (await host.SendAsync(HttpMethod.Get, "/submit", key.Key))
        {
            Assert.Equal(ApiKeyTestHost.Start.AddMinutes(1), (await store.FindAsync(key.Id))!.LastUsedAt);
        }

        Assert.Equal(2, store.LastUsedUpdates);
    }

    internal static string Flip(string secret) =>
        (secret[0] == 'A' ? "B" : "A") + secret[1..];
}
