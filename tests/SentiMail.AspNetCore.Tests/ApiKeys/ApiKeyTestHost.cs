using SentiMail.AspNetCore.Tests.TestSupport;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentiMail.AspNetCore.ApiKeys;

namespace SentiMail.AspNetCore.Tests.ApiKeys;

/// <summary>
/// A minimal in-memory host: API-key scheme, a header-driven "interactive user" scheme (<c>X-Test-User: id;role</c>),
/// the SentiMail policies, a protected <c>/submit</c> endpoint, <c>/whoami</c> and the key endpoints.
/// </summary>
internal sealed class ApiKeyTestHost : IAsyncDisposable
{
    public const string TestUserHeader = TestRequests.TestUserHeader;
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private ApiKeyTestHost(WebApplication app, FakeTimeProvider time, IApiKeyStore store, CapturingLoggerProvider logs)
    {
        App = app;
        Time = time;
        Store = store;
        Logs = logs;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public IApiKeyStore Store { get; }

    public CapturingLoggerProvider Logs { get; }

    public HttpClient Client { get; }

    public ApiKeyService Keys => App.Services.GetRequiredService<ApiKeyService>();

    public static async Task<ApiKeyTestHost> StartAsync(
        Action<ApiKeyAuthenticationOptions>? configureScheme = null,
        Action<ApiKeyOptions>? configureKeys = null,
        IApiKeyStore? store = null)
    {
        var time = new FakeTimeProvider(Start);
        store ??= new InMemoryApiKeyStore();
        var logs = new CapturingLoggerProvider();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(store);
        builder.Services.AddSentiMailApiKeys(configureKeys);
        builder.Services.AddAuthentication("Select")
            .AddApiKey(configureScheme ?? (_ => { }))
            .AddScheme<AuthenticationSchemeOptions, TestUserHandler>("Test", null)
            .AddPolicyScheme("Select", null, o => o.ForwardDefaultSelector = c =>
                c.Request.Headers.ContainsKey(TestUserHeader) ? "Test" : ApiKeyDefaults.AuthenticationScheme);
        builder.Services.AddSentiMailAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/submit", (ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier))
            .RequireAuthorization(SentiMailPolicies.Submit);
        app.MapGet("/whoami", (ClaimsPrincipal user) => string.Join('\n', user.Claims.Select(c => $"{c.Type}={c.Value}")))
            .RequireAuthorization();
        app.MapSentiMailApiKeys();
        await app.StartAsync();
        return new ApiKeyTestHost(app, time, store, logs);
    }

    public Task<CreatedApiKey> CreateKeyAsync(string owner = "alice", params string[] scopes) =>
        Keys.CreateAsync(new ApiKeyCreateRequest
        {
            OwnerId = owner,
            Name = "ci",
            Scopes = scopes.Length == 0 ? [ApiKeyScopes.Submit] : scopes,
        });

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? apiKey = null, string? testUser = null, HttpContent? content = null) =>
        TestRequests.SendAsync(Client, method, path, apiKey, testUser, content);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>Authenticates <c>X-Test-User: id;role</c> as an interactive user with a role and no scopes.</summary>
    private sealed class TestUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var parts = Request.Headers[TestUserHeader].ToString().Split(';');
            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, parts[0]) };
            claims.AddRange(parts.Skip(1).Where(r => r.Length > 0).Select(r => new Claim(ClaimTypes.Role, r)));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, "Test")), "Test")));
        }
    }
}
