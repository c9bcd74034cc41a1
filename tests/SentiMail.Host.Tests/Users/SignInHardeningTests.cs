using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using SentiMail.Host.Storage;
using SentiMail.Host.Tests.Infrastructure;
using SentiMail.Host.Users;

namespace SentiMail.Host.Tests.Users;

/// <summary>Sign-in under parallel attempts, the cost of an unknown address and the size of the account endpoints'
/// bodies, through the real Program.cs.</summary>
public sealed class SignInHardeningTests(HostFactory factory) : IClassFixture<HostFactory>
{
    private const string Password = "analyst passphrase one";

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task ParallelWrongPasswords_AreCheckedOneAfterTheOther_NoMoreThanTheLockoutAllows_ThenTheRightOneIsRefused()
    {
        const string Email = "parallel@example.org";
        await factory.CreateUserAsync(Email, Password);
        using var client = factory.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = await client.PostAsJsonAsync(U("/api/v1/account/login"), new { email = Email, password = $"wrong passphrase {i}" });
            return response.StatusCode;
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a));
        // Only the attempts before the lockout checked the password: each one was counted.
        Assert.Equal(HostFactory.MaxFailedAccessAttempts, factory.PasswordHasher.VerifiedFor(Email));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SentiMailUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(Email))!));
        }

        using var right = await client.PostAsJsonAsync(U("/api/v1/account/login"), new { email = Email, password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(HostFactory.MaxFailedAccessAttempts, factory.PasswordHasher.VerifiedFor(Email));
        // The per-account locks are gone once nobody signs in.
        Assert.Equal(0, factory.Services.GetRequiredService<SignInThrottle>().LockedAccountCount);
    }

    [Fact]
    public async Task UnknownAddress_AndLockedOutAccount_PayForAPasswordCheck_LikeAWrongPassword()
    {
        const string Email = "dummy-check@example.org";
        await factory.CreateUserAsync(Email, Password);
        using var client = factory.CreateClient();
        var dummyChecks = factory.PasswordHasher.VerifiedFor(null);

        using var unknown = await client.PostAsJsonAsync(U("/api/v1/account/login"), new { email = "no-such-user@example.org", password = Password });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(dummyChecks + 1, factory.PasswordHasher.VerifiedFor(null));
        // The dummy hash is a real hash of the same hasher, never the user's.
        var dummyHash = factory.PasswordHasher.Verified.Last(v => v.Email is null).Hash;
        Assert.StartsWith("AQAAAA", dummyHash, StringComparison.Ordinal);

        for (var i = 0; i < HostFactory.MaxFailedAccessAttempts; i++)
        {
            using var wrong = await client.PostAsJsonAsync(U("/api/v1/account/login"), new { email = Email, password = "not the passphrase" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var locked = await client.PostAsJsonAsync(U("/api/v1/account/login"), new { email = Email, password = Password });

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal(HostFactory.MaxFailedAccessAttempts, factory.PasswordHasher.VerifiedFor(Email));
        Assert.Equal(dummyChecks + 2, factory.PasswordHasher.VerifiedFor(null));
        Assert.Equal(dummyHash, factory.PasswordHasher.Verified.Last(v => v.Email is null).Hash);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Login_WithAnOversizedBody_Answers413ProblemDetails(bool chunked)
    {
        using var client = factory.CreateClient();
        using var content = new LargeJsonContent(chunked);
        using var request = new HttpRequestMessage(HttpMethod.Post, U("/api/v1/account/login")) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("too large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_WithAnOversizedChunkedBody_Answers413()
    {
        using var admin = factory.CreateClient();
        using (var signIn = await admin.PostAsJsonAsync(U("/api/v1/account/login"), new { email = HostFactory.AdminEmail, password = HostFactory.AdminPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        }

        using var content = new LargeJsonContent(chunked: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, U("/api/v1/admin/users")) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var small = await admin.PostAsJsonAsync(U("/api/v1/admin/users"), new { email = "small-body@example.org", password = "small body passphrase", role = "analyst" });
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
    }

    [Fact]
    public async Task Login_MalformedBodies_Answer400_And415()
    {
        using var client = factory.CreateClient();

        using var notJson = await client.PostAsync(U("/api/v1/account/login"), new StringContent("{\"email\":", Encoding.UTF8, "application/json"));
        using var jsonNull = await client.PostAsync(U("/api/v1/account/login"), new StringContent("null", Encoding.UTF8, "application/json"));
        using var text = await client.PostAsync(U("/api/v1/account/login"), new StringContent("{}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("application/problem+json", notJson.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, jsonNull.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public void AccountEndpoints_SetTheServersBodyLimit_To8KiB()
    {
        // Routing applies this to Kestrel's IHttpMaxRequestBodySizeFeature; the test server has none, hence the tests above.
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true
                && e.RoutePattern.RawText is "/api/v1/account/login" or "/api/v1/admin/users")
            .ToList();

        Assert.Equal(2, endpoints.Count);
        Assert.All(endpoints, e => Assert.Equal(8 * 1024, e.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize));
    }

    /// <summary>A JSON body of a sign-in with a 2 MiB password, chunked or of declared length.</summary>
    private sealed class LargeJsonContent : HttpContent
    {
        private static readonly byte[] s_prefix = "{\"email\":\"big@example.org\",\"password\":\""u8.ToArray();
        private static readonly byte[] s_suffix = "\"}"u8.ToArray();
        private const int PasswordBytes = 2 * 1024 * 1024;
        private readonly bool _chunked;

        public LargeJsonContent(bool chunked)
        {
            _chunked = chunked;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(s_prefix);
            var chunk = Enumerable.Repeat((byte)'a', 16 * 1024).ToArray();
            for (var left = PasswordBytes; left > 0; left -= chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, Math.Min(left, chunk.Length)));
            }

            await stream.WriteAsync(s_suffix);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = s_prefix.Length + PasswordBytes + s_suffix.Length;
            return !_chunked;
        }
    }
}
