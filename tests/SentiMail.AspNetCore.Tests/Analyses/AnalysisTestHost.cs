using SentiMail.AspNetCore.Tests.TestSupport;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.OpenApi;

namespace SentiMail.AspNetCore.Tests.Analyses;

/// <summary>
/// An in-memory host with the real engine, the API-key scheme, a header-driven interactive-user scheme
/// (<c>X-Test-User: id;role</c>), an <see cref="InMemoryAnalysisStore"/> and the analysis API under <c>/api/v1</c>.
/// </summary>
internal sealed class AnalysisTestHost : IAsyncDisposable
{
    public const string TestUserHeader = TestRequests.TestUserHeader;
    public const long MaxMessageBytes = 256 * 1024;
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private AnalysisTestHost(WebApplication app, FakeTimeProvider time, InMemoryAnalysisStore store)
    {
        App = app;
        Time = time;
        Store = store;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public InMemoryAnalysisStore Store { get; }

    public HttpClient Client { get; }

    public static string SamplesDirectory { get; } = FindSamples();

    public static async Task<AnalysisTestHost> StartAsync(Action<SentiMailApiOptions>? configure = null, bool compatibility = false, bool openApi = false)
        => await StartAsync(configure, compatibility, hooks: null, openApi);

    /// <summary>Starts a host; <paramref name="hooks"/> adds services, middleware before and after authentication,
    /// and conventions on the mapped groups.</summary>
    public static async Task<AnalysisTestHost> StartAsync(Action<SentiMailApiOptions>? configure, bool compatibility, TestHostHooks? hooks, bool openApi = false)
    {
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryAnalysisStore(100);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IApiKeyStore>(new InMemoryApiKeyStore());
        builder.Services.AddSingleton<IAnalysisStore>(store);
        builder.Services.AddSentiMailApiKeys();
        builder.Services.AddSentiMail(o =>
        {
            o.Limits.MaxMessageBytes = MaxMessageBytes;
            o.Limits.MaxHeaderBytes = 64 * 1024;
        });
        builder.Services.AddSentiMailApi(configure);
        builder.Services.AddAuthentication("Select")
            .AddApiKey()
            .AddScheme<AuthenticationSchemeOptions, TestUserHandler>("Test", null)
            .AddPolicyScheme("Select", null, o => o.ForwardDefaultSelector = c =>
                c.Request.Headers.ContainsKey(TestUserHeader) ? "Test" : ApiKeyDefaults.AuthenticationScheme);
        builder.Services.AddSentiMailAuthorization();
        if (openApi)
        {
            builder.Services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeySecuritySchemeTransformer>());
        }

        hooks?.Services?.Invoke(builder.Services);

        var app = builder.Build();
        hooks?.BeforeAuthentication?.Invoke(app);
        app.UseAuthentication();
        app.UseAuthorization();
        hooks?.AfterAuthentication?.Invoke(app);
        var group = app.MapSentiMail("/api/v1");
        hooks?.Mapped?.Invoke(group);
        if (compatibility)
        {
            var compat = app.MapSentiMailCompatibility();
            hooks?.Mapped?.Invoke(compat);
        }

        if (openApi)
        {
            app.MapSentiMailApiKeys();
            app.MapOpenApi();
        }

        await app.StartAsync();
        return new AnalysisTestHost(app, time, store);
    }

    public async Task<string> CreateKeyAsync(string owner, params string[] scopes)
    {
        var created = await App.Services.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyCreateRequest
        {
            OwnerId = owner,
            Name = "test",
            Scopes = scopes,
        });
        return created.Key;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? apiKey = null, string? testUser = null, HttpContent? content = null)
        => await SendAsync(method, path, apiKey, testUser, content, headers: null);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? apiKey, string? testUser, HttpContent? content, IDictionary<string, string>? headers) =>
        TestRequests.SendAsync(Client, method, path, apiKey, testUser, content, headers);

    public static ByteArrayContent Raw(byte[] bytes, string mediaType = "message/rfc822")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    public static MultipartFormDataContent Multipart(byte[] bytes, string field = "file", string fileName = "message.eml")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    public static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(SamplesDirectory, name));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    private static string FindSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SentiMail.sln")))
            {
                return Path.Combine(dir.FullName, "samples", "messages");
            }
        }

        throw new InvalidOperationException("SentiMail.sln not found above the test directory.");
    }

    /// <summary>Authenticates <c>X-Test-User: id;role</c> as an interactive user with roles and no scopes.</summary>
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
