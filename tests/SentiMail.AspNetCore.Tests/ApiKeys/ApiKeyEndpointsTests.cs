using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SentiMail.AspNetCore.ApiKeys;

namespace SentiMail.AspNetCore.Tests.ApiKeys;

public class ApiKeyEndpointsTests
{
    private const string Prefix = "/api/v1/keys";

    [Fact]
    public async Task Create_ReturnsTheKeyOnceWith201AndTheStoreHoldsOnlyAHash()
    {
        await using var host = await ApiKeyTestHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Post, Prefix, testUser: "alice;analyst",
            content: JsonContent.Create(new { name = "laptop", scopes = new[] { ApiKeyScopes.Submit } }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var key = json.RootElement.GetProperty("key").GetString()!;
        var id = json.RootElement.GetProperty("id").GetString()!;
        Assert.Matches("^sm_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", key);
        Assert.StartsWith($"sm_{id}_", key, StringComparison.Ordinal);
        Assert.Equal($"{Prefix}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("alice", json.RootElement.GetProperty("ownerId").GetString());
        Assert.Equal(ApiKeyTestHost.Start.AddDays(90), json.RootElement.GetProperty("expiresAt").GetDateTimeOffset());

        var stored = (await host.Store.FindAsync(id))!;
        var secret = key[^43..];
        Assert.DoesNotContain(secret, stored.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(stored.GetType().GetProperties(), p => p.GetValue(stored) is string s && s.Contains(secret, StringComparison.Ordinal));
        Assert.Equal(32, stored.SecretHash.Length);
        Assert.NotEqual(Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "="), stored.SecretHash.ToArray());

        using var list = await host.SendAsync(HttpMethod.Get, Prefix, testUser: "alice;analyst");
        var listed = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"key\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", listed, StringComparison.OrdinalIgnoreCase);
        using var get = await host.SendAsync(HttpMethod.Get, $"{Prefix}/{id}", testUser: "alice;analyst");
        Assert.DoesNotContain(secret, await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, host.Logs.AllText, StringComparison.Ordinal);

        using var use = await host.SendAsync(HttpMethod.Get, "/submit", key);
        Assert.Equal(HttpStatusCode.OK, use.StatusCode);
    }

    [Fact]
    public void CreatedApiKey_ToString_LeavesTheKeyOut()
    {
        var created = new CreatedApiKey
        {
            Id = "0123456789abcdef",
            OwnerId = "alice",
            Name = "ci",
            Scopes = [ApiKeyScopes.Read],
            CreatedAt = ApiKeyTestHost.Start,
            Key = "sm_0123456789abcdef_secretsecretsecret",
        };

        Assert.DoesNotContain("secret", created.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"x","scopes":["nope"]}""", "scopes")]
    [InlineData("""{"name":"x","scopes":[]}""", "scopes")]
    [InlineData("""{"scopes":["analyses:read"]}""", "name")]
    [InlineData("""{"name":"x\u0007","scopes":["analyses:read"]}""", "name")]
    [InlineData("""{"name":"x","scopes":["admin"]}""", "scopes")]
    [InlineData("""{"name":"x","scopes":["analyses:read"],"expiresAt":"2020-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{"name":"x","scopes":["analyses:read"],"expiresAt":"2030-01-01T00:00:00Z"}""", "expiresAt")]
    public async Task Create_InvalidRequest_Returns400ValidationProblem(string body, string field)
    {
        await using var host = await ApiKeyTestHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Post, Prefix, testUser: "alice;analyst",
            content: new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, ((InMemoryApiKeyStore)host.Store).Count);
    }

    [Theory]
    [InlineData("{not json", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("null", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("name=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("""{"name":"x","scopes":["analyses:read"]}""", "application/json; charset=foo", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("""{"name":"x","scopes":["analyses:read"]}""", "application/json; charset=\"\"", HttpStatusCode.UnsupportedMediaType)]
    public async Task Create_UnreadableBody_ReturnsProblemWithoutStackTrace(string body, string contentType, HttpStatusCode expected)
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));

        using var response = await host.SendAsync(HttpMethod.Post, Prefix, testUser: "alice;analyst", content: content);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, ((InMemoryApiKeyStore)host.Store).Count);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json")]
    public async Task Create_JsonInUtf8_WithOrWithoutCharset_Returns201(string contentType)
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        using var content = new ByteArrayContent("""{"name":"x","scopes":["analyses:read"]}"""u8.ToArray());
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));

        using var response = await host.SendAsync(HttpMethod.Post, Prefix, testUser: "alice;analyst", content: content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData(0, HttpStatusCode.Created)]
    [InlineData(1, HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(1024 * 1024, HttpStatusCode.RequestEntityTooLarge)]
    public async Task Create_BodyWithoutContentLength_IsLimitedWhileReading(int overLimit, HttpStatusCode expected)
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        // A valid request padded with whitespace: read whole, it would create a key.
        const string Head = """{"name":"x","scopes":["analyses:read"]""";
        var body = new byte[ApiKeyEndpoints.MaxBodyLength + overLimit];
        body.AsSpan().Fill((byte)' ');
        Encoding.ASCII.GetBytes(Head).CopyTo(body, 0);
        body[^1] = (byte)'}';
        using var content = new StreamContent(new NoLengthStream(body));
        content.Headers.ContentType = new("application/json");
        Assert.Null(content.Headers.ContentLength);

        using var response = await host.SendAsync(HttpMethod.Post, Prefix, testUser: "alice;analyst", content: content);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.Created)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(0, ((InMemoryApiKeyStore)host.Store).Count);
        }
    }

    [Fact]
    public async Task CreateEndpoint_DeclaresItsBodyLimitForTheServer()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var endpoints = ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)host.App).DataSources.SelectMany(d => d.Endpoints);

        var create = Assert.Single(endpoints, e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>()?.EndpointName == "SentiMail.ApiKeys.Create");

        Assert.Equal(16 * 1024, create.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize);
    }

    [Fact]
    public async Task Create_WithAKey_CannotGrantScopesTheKeyLacks()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var manager = await host.CreateKeyAsync("alice", ApiKeyScopes.ManageKeys, ApiKeyScopes.Read);

        using var denied = await host.SendAsync(HttpMethod.Post, Prefix, manager.Key,
            content: JsonContent.Create(new { name = "x", scopes = new[] { ApiKeyScopes.Submit } }));
        using var allowed = await host.SendAsync(HttpMethod.Post, Prefix, manager.Key,
            content: JsonContent.Create(new { name = "x", scopes = new[] { ApiKeyScopes.Read } }));

        Assert.Equal(HttpStatusCode.BadRequest, denied.StatusCode);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }

    [Theory]
    [InlineData("alice", new[] { ApiKeyScopes.Submit, ApiKeyScopes.Read }, ApiKeyScopes.Submit)]
    [InlineData("root", new[] { ApiKeyScopes.Admin }, ApiKeyScopes.Admin)]
    public async Task Rotate_WithAKey_CannotRotateAKeyWithScopesTheKeyLacks(string owner, string[] targetScopes, string notHeld)
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var manager = await host.CreateKeyAsync(owner, ApiKeyScopes.ManageKeys);
        var target = await host.CreateKeyAsync(owner, targetScopes);

        using var submitWithManager = await host.SendAsync(HttpMethod.Get, "/submit", manager.Key);
        using var response = await host.SendAsync(HttpMethod.Post, $"{Prefix}/{target.Id}/rotate", manager.Key);

        Assert.Equal(HttpStatusCode.Forbidden, submitWithManager.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("sm_", body, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(body);
        Assert.Contains($"'{notHeld}'", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null((await host.Store.FindAsync(target.Id))!.RevokedAt);
        Assert.Equal(2, ((InMemoryApiKeyStore)host.Store).Count);
        Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Name == "ApiKeyRotated");
        using var targetUse = await host.SendAsync(HttpMethod.Get, "/submit", target.Key);
        Assert.Equal(HttpStatusCode.OK, targetUse.StatusCode);
    }

    [Theory]
    [InlineData("alice", "alice;analyst", new[] { ApiKeyScopes.Submit, ApiKeyScopes.Read, ApiKeyScopes.ManageKeys })]
    [InlineData("root", "root;admin", new[] { ApiKeyScopes.Admin })]
    [InlineData("bob", "root;admin", new[] { ApiKeyScopes.Submit, ApiKeyScopes.Read })]
    public async Task Rotate_ByAUserHoldingEveryScopeOfTheKey_Succeeds(string owner, string caller, string[] targetScopes)
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var target = await host.CreateKeyAsync(owner, targetScopes);

        using var response = await host.SendAsync(HttpMethod.Post, $"{Prefix}/{target.Id}/rotate", testUser: caller);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rotated = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(targetScopes, rotated.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.NotNull((await host.Store.FindAsync(target.Id))!.RevokedAt);
    }

    [Fact]
    public async Task Rotate_WithAKeyHoldingEveryScopeOfTheKey_Succeeds()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var manager = await host.CreateKeyAsync("alice", ApiKeyScopes.ManageKeys, ApiKeyScopes.Read);
        var target = await host.CreateKeyAsync("alice", ApiKeyScopes.Read);
        var admin = await host.CreateKeyAsync("root", ApiKeyScopes.Admin);
        var other = await host.CreateKeyAsync("root", ApiKeyScopes.Admin);

        using var byManager = await host.SendAsync(HttpMethod.Post, $"{Prefix}/{target.Id}/rotate", manager.Key);
        using var byAdminKey = await host.SendAsync(HttpMethod.Post, $"{Prefix}/{other.Id}/rotate", admin.Key);

        Assert.Equal(HttpStatusCode.OK, byManager.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdminKey.StatusCode);
    }

    [Fact]
    public async Task Create_OverTheActiveKeyLimit_Returns409()
    {
        await using var host = await ApiKeyTestHost.StartAsync(configureKeys: o => o.MaxActiveKeysPerOwner = 1);
        await host.CreateKeyAsync("alice");

        using var response = await host.SendAsync(HttpMethod.Post, Prefix, testUser: "alice;analyst",
            content: JsonContent.Create(new { name = "x", scopes = new[] { ApiKeyScopes.Read } }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Create_InParallel_OverTheActiveKeyLimit_CreatesOnlyUpToTheLimit()
    {
        await using var host = await ApiKeyTestHost.StartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() =>
            host.SendAsync(HttpMethod.Post, Prefix, testUser: "alice;analyst",
                content: JsonContent.Create(new { name = "x", scopes = new[] { ApiKeyScopes.Read } })))));
        var statuses = responses.Select(r => r.StatusCode).ToArray();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(20, ((InMemoryApiKeyStore)host.Store).Count);
    }

    [Fact]
    public async Task Endpoints_WithoutManageScope_Return403AndWithoutCredentials401()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);

        using var forbidden = await host.SendAsync(HttpMethod.Get, Prefix, key.Key);
        using var anonymous = await host.SendAsync(HttpMethod.Get, Prefix);
        using var noRole = await host.SendAsync(HttpMethod.Get, Prefix, testUser: "mallory");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noRole.StatusCode);
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersKeys_AdminsSeeEveryone()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var alice = await host.CreateKeyAsync("alice");
        var bob = await host.CreateKeyAsync("bob");

        var aliceKeys = await ListIdsAsync(host, "alice;analyst");
        var adminKeys = await ListIdsAsync(host, "root;admin");

        Assert.Equal([alice.Id], aliceKeys);
        Assert.Equal(new[] { alice.Id, bob.Id }.Order(StringComparer.Ordinal), adminKeys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rotate_ReturnsANewKeyAndRevokesTheOldOne()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var old = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit, ApiKeyScopes.ManageKeys);
        host.Time.Advance(TimeSpan.FromDays(10));

        using var response = await host.SendAsync(HttpMethod.Post, $"{Prefix}/{old.Id}/rotate", old.Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var rotated = (await response.Content.ReadFromJsonAsync<JsonElement>());
        var newKey = rotated.GetProperty("key").GetString()!;
        Assert.NotEqual(old.Id, rotated.GetProperty("id").GetString());
        Assert.Equal(ApiKeyTestHost.Start.AddDays(100), rotated.GetProperty("expiresAt").GetDateTimeOffset());
        using var oldUse = await host.SendAsync(HttpMethod.Get, "/submit", old.Key);
        using var newUse = await host.SendAsync(HttpMethod.Get, "/submit", newKey);
        Assert.Equal(HttpStatusCode.Unauthorized, oldUse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newUse.StatusCode);
        var stored = (await host.Store.FindAsync(old.Id))!;
        Assert.NotNull(stored.RevokedAt);
        Assert.Equal(rotated.GetProperty("id").GetString(), stored.ReplacedBy);

        using var again = await host.SendAsync(HttpMethod.Post, $"{Prefix}/{old.Id}/rotate", testUser: "alice;analyst");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Revoke_Returns204AndTheKeyStopsWorking()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice");

        using var response = await host.SendAsync(HttpMethod.Delete, $"{Prefix}/{key.Id}", testUser: "alice;analyst");
        using var again = await host.SendAsync(HttpMethod.Delete, $"{Prefix}/{key.Id}", testUser: "alice;analyst");
        using var use = await host.SendAsync(HttpMethod.Get, "/submit", key.Key);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, use.StatusCode);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "ApiKeyRevokedByRequest");
    }

    [Theory]
    [InlineData("POST", "/rotate")]
    [InlineData("DELETE", "")]
    [InlineData("GET", "")]
    public async Task AnotherUsersKey_Answers404LikeAnUnknownOne(string method, string suffix)
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var bobs = await host.CreateKeyAsync("bob");

        using var other = await host.SendAsync(new HttpMethod(method), $"{Prefix}/{bobs.Id}{suffix}", testUser: "alice;analyst");
        using var unknown = await host.SendAsync(new HttpMethod(method), $"{Prefix}/0123456789abcdef{suffix}", testUser: "alice;analyst");
        using var use = await host.SendAsync(HttpMethod.Get, "/submit", bobs.Key);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await other.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, use.StatusCode);
    }

    [Fact]
    public async Task Admin_CanRevokeAnotherUsersKey()
    {
        await using var host = await ApiKeyTestHost.StartAsync();
        var bobs = await host.CreateKeyAsync("bob");
        var admin = await host.CreateKeyAsync("root", ApiKeyScopes.Admin);

        using var response = await host.SendAsync(HttpMethod.Delete, $"{Prefix}/{bobs.Id}", admin.Key);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotNull((await host.Store.FindAsync(bobs.Id))!.RevokedAt);
    }

    private static async Task<string[]> ListIdsAsync(ApiKeyTestHost host, string user)
    {
        using var response = await host.SendAsync(HttpMethod.Get, Prefix, testUser: user);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. keys.EnumerateArray().Select(k => k.GetProperty("id").GetString()!)];
    }

    /// <summary>A stream that hides its length, so the request goes without Content-Length.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
