using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using SentiMail.AspNetCore.Analyses;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests.Web;

/// <summary>The result and history pages, ownership, error pages, security headers and static files.</summary>
public sealed class WebPagesTests(WebUiFactory factory) : IClassFixture<WebUiFactory>
{
    private const string UiPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'";
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static string MainPart(string html) => html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];

    private static string Csp(HttpResponseMessage response) => string.Join(", ", response.Headers.GetValues("Content-Security-Policy"));

    [Fact]
    public async Task AnotherUsersAnalysis_Answers404_AndIsNeverShown()
    {
        var (alice, _) = await factory.SignedInAnalystAsync("web-alice@example.org");
        var (bob, _) = await factory.SignedInAnalystAsync("web-bob@example.org");
        using (alice)
        using (bob)
        {
            using var upload = await WebUiFactory.UploadAsync(alice, Samples.RawMessage("alice-secret-subject"));
            var location = upload.Headers.Location!.OriginalString;

            using var bobRead = await bob.GetAsync(U(location));
            using var bobHistory = await bob.GetAsync(U("/analyses"));
            using var unknown = await bob.GetAsync(U("/analyses/" + Guid.NewGuid().ToString("D")));
            using var aliceRead = await alice.GetAsync(U(location));

            var bobHtml = await bobRead.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, bobRead.StatusCode);
            Assert.DoesNotContain("alice-secret-subject", bobHtml, StringComparison.Ordinal);
            Assert.Contains("Not found.", bobHtml, StringComparison.Ordinal);
            Assert.DoesNotContain("alice-secret-subject", await bobHistory.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            // The same page as for an id that does not exist.
            Assert.Equal(MainPart(bobHtml), MainPart(await unknown.Content.ReadAsStringAsync()));
            Assert.Equal(HttpStatusCode.OK, aliceRead.StatusCode);
            Assert.Contains("alice-secret-subject", await aliceRead.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnonymousAnalysesViaTheApi_AreNotShownInTheUi()
    {
        using var anonymous = factory.Browser();
        using var content = new ByteArrayContent(Samples.RawMessage("anonymous-api"));
        content.Headers.ContentType = new("message/rfc822");
        using var created = await anonymous.PostAsync(U("/api/v1/analyses"), content);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var (user, _) = await factory.SignedInAnalystAsync("web-anon-reader@example.org");
        using (user)
        {
            using var asAnonymous = await anonymous.GetAsync(U("/analyses/" + id));
            using var asUser = await user.GetAsync(U("/analyses/" + id));

            Assert.Equal(HttpStatusCode.Redirect, asAnonymous.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, asUser.StatusCode);
        }
    }

    [Fact]
    public async Task History_ListsTheUsersAnalyses_NewestFirst_ByPage_LinkingToTheirResults()
    {
        var (client, _) = await factory.SignedInAnalystAsync("web-history@example.org");
        using (client)
        {
            var ids = new List<string>();
            for (var i = 0; i < WebUiFactory.HistoryPageSize + 1; i++)
            {
                using var upload = await WebUiFactory.UploadAsync(client, Samples.RawMessage("history-" + i));
                ids.Add(upload.Headers.Location!.OriginalString);
            }

            using var first = await client.GetAsync(U("/analyses"));
            using var second = await client.GetAsync(U("/analyses?page=2"));
            using var beyond = await client.GetAsync(U("/analyses?page=99"));
            using var bad = await client.GetAsync(U("/analyses?page=-1"));
            var firstHtml = await first.Content.ReadAsStringAsync();
            var secondHtml = await second.Content.ReadAsStringAsync();

            Assert.Contains("Page 1 of 2", firstHtml, StringComparison.Ordinal);
            Assert.True(firstHtml.IndexOf("history-3", StringComparison.Ordinal) < firstHtml.IndexOf("history-2", StringComparison.Ordinal));
            Assert.DoesNotContain("history-0", firstHtml, StringComparison.Ordinal);
            Assert.Contains($"href=\"{ids[3]}\"", firstHtml, StringComparison.Ordinal);
            Assert.Contains("href=\"/analyses?page=2\" rel=\"next\"", firstHtml, StringComparison.Ordinal);
            Assert.Contains("history-0", secondHtml, StringComparison.Ordinal);
            Assert.Contains($"href=\"{ids[0]}\"", secondHtml, StringComparison.Ordinal);
            Assert.Contains("rel=\"prev\"", secondHtml, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, beyond.StatusCode);
            Assert.Contains("Page 1 of 2", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/signin")]
    [InlineData("/no-such-page")]
    [InlineData("/error/500")]
    public async Task UiPages_GetTheUiContentSecurityPolicy(string path)
    {
        using var client = factory.Browser();

        using var response = await client.GetAsync(U(path));

        Assert.Equal(UiPolicy, Csp(response));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Footer_StatesTheEnginesScoringThresholds()
    {
        using var client = factory.Browser();
        var policy = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SentiMailOptions>>().Value.Scoring;

        var html = await client.GetStringAsync(U("/signin"));

        Assert.Contains($"under {policy.SuspiciousThreshold} is Clean, under {policy.MaliciousThreshold} Suspicious, from {policy.MaliciousThreshold} Malicious", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/analyses")]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/healthz/live")]
    public async Task ApiAndProbes_KeepTheStricterPolicy_AndNoHtml(string path)
    {
        using var client = factory.Browser();

        using var response = await client.GetAsync(U(path));

        Assert.Equal(ApiPolicy, Csp(response));
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownPage_Answers404_WithTheErrorPage()
    {
        using var client = factory.Browser();

        using var response = await client.GetAsync(U("/no-such-page"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Not found.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/js/upload.js", "text/javascript")]
    [InlineData("/css/site.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task StaticFiles_AreServedWithTheirContentType_AndNosniff(string path, string contentType)
    {
        using var client = factory.Browser();

        using var response = await client.GetAsync(U(path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotEmpty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UploadPage_Anonymous_OffersTheFormWithTheScriptFromThisSiteOnly()
    {
        using var client = factory.Browser();

        using var response = await client.GetAsync(U("/"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("enctype=\"multipart/form-data\"", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"file\" id=\"file\" name=\"file\"", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/js/upload.js\"></script>", html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script"));
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("<[^>]+\\son[a-z]+\\s*=", html);
        Assert.Contains("5 messages per day", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousUploadsTurnedOff_TheUploadPageSendsVisitorsToSignIn()
    {
        await using var off = factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WebUi:AllowAnonymousUpload"] = "false",
        })));
        using var client = off.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost/") });

        using var page = await client.GetAsync(U("/"));
        using var post = await client.PostAsync(U("/"), new MultipartFormDataContent());

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin?ReturnUrl=%2F", page.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
    }

    [Fact]
    public async Task ResultPage_OfTheStore_IsTheOwnersOnly_EvenForAnAdministrator()
    {
        var (alice, _) = await factory.SignedInAnalystAsync("web-carol@example.org");
        using var admin = factory.Browser();
        using var signIn = await WebUiFactory.SignInAsync(admin, WebUiFactory.AdminEmail, WebUiFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using (alice)
        {
            using var upload = await WebUiFactory.UploadAsync(alice, Samples.RawMessage("carol-only"));

            using var adminRead = await admin.GetAsync(upload.Headers.Location);

            Assert.Equal(HttpStatusCode.NotFound, adminRead.StatusCode);
            var stored = await factory.Services.GetRequiredService<IAnalysisStore>().FindAsync(Guid.Parse(upload.Headers.Location!.OriginalString["/analyses/".Length..]));
            Assert.NotNull(stored);
        }
    }
}
