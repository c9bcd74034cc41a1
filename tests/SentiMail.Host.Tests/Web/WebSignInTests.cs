using System.Net;
using System.Net.Http.Json;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests.Web;

/// <summary>The sign-in and sign-out pages, redirects to sign in, open redirects and antiforgery.</summary>
public sealed class WebSignInTests(WebUiFactory factory) : IClassFixture<WebUiFactory>
{
    // Not set by WebUiFactory: the default applies.
    private static readonly int DefaultMaxFailedSignInsPerAddress = new SentiMail.Host.Users.UsersOptions().MaxFailedSignInsPerAddress;

    private const string Password = "analyst passphrase one";
    private const string Failure = "Wrong e-mail address or password, or the account is locked out.";

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task SignInPage_Renders_WithAFormTokenAndNoScript()
    {
        using var client = factory.Browser();
        using var response = await client.GetAsync(U("/signin"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Sign in</h1>", html, StringComparison.Ordinal);
        Assert.Contains("type=\"password\"", html, StringComparison.Ordinal);
        Assert.NotEmpty(WebUiFactory.Token(html));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        var antiforgeryCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SentiMail.Antiforgery=", StringComparison.Ordinal));
        Assert.Contains("httponly", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_RightPassword_SetsAStrictHttpOnlySecureCookie_AndOpensTheHistory()
    {
        await factory.CreateUserAsync("web-right@example.org", Password);
        using var client = factory.Browser();

        using var response = await WebUiFactory.SignInAsync(client, "web-right@example.org", Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SentiMail.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        using var history = await client.GetAsync(U("/analyses"));
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        Assert.Contains("web-right@example.org", await history.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_UnknownUserAndWrongPassword_GetTheSameAnswer_AndAreLoggedWithTheClientAddress()
    {
        await factory.CreateUserAsync("web-wrong@example.org", Password);
        var peer = factory.NewPeer();
        using var client = factory.Browser(peer);

        using var unknown = await WebUiFactory.SignInAsync(client, "web-nobody@example.org", Password);
        using var wrong = await WebUiFactory.SignInAsync(client, "web-wrong@example.org", "not the passphrase");
        var unknownHtml = await unknown.Content.ReadAsStringAsync();
        var wrongHtml = await wrong.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains(Failure, unknownHtml, StringComparison.Ordinal);
        Assert.Contains(Failure, wrongHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("not the passphrase", wrongHtml, StringComparison.Ordinal);
        var failures = factory.Logs.Entries.Where(e => e.Id.Id == 5632 && e.Message.Contains(peer, StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Contains(failures, m => m.Contains("web-nobody@example.org", StringComparison.Ordinal) && m.Contains("unknown user", StringComparison.Ordinal) && m.Contains("(web)", StringComparison.Ordinal));
        Assert.Contains(failures, m => m.Contains("web-wrong@example.org", StringComparison.Ordinal) && m.Contains("wrong password", StringComparison.Ordinal));
        Assert.All(failures, m => Assert.StartsWith("Security: ", m, StringComparison.Ordinal));
        // Reported to the CrowdSec watcher as authentication failures of that address.
        Assert.Equal(2, factory.Reported.Count(r => r.Address.ToString() == peer && r.Reason == "failed sign-in"));
    }

    [Fact]
    public async Task OneAddress_FailingTooOften_IsRefusedWith429_BeforeThePasswordIsChecked_OtherAddressesAreNot()
    {
        // Password spraying: many accounts, one address. Identity's lockout counts per account, the throttle per address.
        await factory.CreateUserAsync("web-sprayed@example.org", Password);
        var peer = factory.NewPeer();
        using var sprayer = factory.Browser(peer);
        for (var i = 0; i < DefaultMaxFailedSignInsPerAddress; i++)
        {
            using var failed = await WebUiFactory.SignInAsync(sprayer, $"web-spray-{i}@example.org", "guess");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        // The right password does not get through any more from that address, through the UI or the API.
        using var refused = await WebUiFactory.SignInAsync(sprayer, "web-sprayed@example.org", Password);
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null, "no Retry-After");
        Assert.Contains("Too many failed sign-ins from your address. Try again in ", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(refused.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("SentiMail.Auth=", StringComparison.Ordinal)));
        using var api = await sprayer.PostAsJsonAsync(U("/api/v1/account/login"), new { Email = "web-sprayed@example.org", Password });
        Assert.Equal((HttpStatusCode)429, api.StatusCode);
        Assert.Contains(factory.Logs.Entries, e => e.Id.Id == 5632 && e.Message.Contains(peer, StringComparison.Ordinal) && e.Message.Contains("too many failed sign-ins", StringComparison.Ordinal));

        // The account itself is not locked: from another address it signs in.
        using var other = factory.Browser();
        using var signedIn = await WebUiFactory.SignInAsync(other, "web-sprayed@example.org", Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPasswords_LockTheAccountOut_EvenForTheRightPassword()
    {
        await factory.CreateUserAsync("web-locked@example.org", Password);
        using var client = factory.Browser();
        for (var i = 0; i < WebUiFactory.MaxFailedAccessAttempts; i++)
        {
            using var wrong = await WebUiFactory.SignInAsync(client, "web-locked@example.org", "not the passphrase");
            Assert.Contains(Failure, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var right = await WebUiFactory.SignInAsync(client, "web-locked@example.org", Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(Failure, await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(factory.Logs.Entries, e => e.Id.Id == 5632 && e.Message.Contains("web-locked@example.org", StringComparison.Ordinal) && e.Message.Contains("locked out", StringComparison.Ordinal));
        using var history = await client.GetAsync(U("/analyses"));
        Assert.Equal(HttpStatusCode.Redirect, history.StatusCode);
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/signout")]
    public async Task Post_WithoutTheAntiforgeryToken_IsRefused(string path)
    {
        await factory.CreateUserAsync("web-csrf" + path.Length + "@example.org", Password);
        var peer = factory.NewPeer();
        using var client = factory.Browser(peer);
        _ = await WebUiFactory.FormAsync(client, "/signin");

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "web-csrf" + path.Length + "@example.org", ["Password"] = Password });
        using var response = await client.PostAsync(U(path), form);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("SentiMail.Auth=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)));
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Contains("The request was refused.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // A security event with the client address, for CrowdSec and the operator.
            Assert.Contains(factory.Logs.Entries, e => e.Id.Id == 5641 && e.Message.Contains(peer, StringComparison.Ordinal) && e.Message.Contains(path, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SignOut_WithoutTheToken_KeepsTheUserSignedIn_WithTheToken_SignsOut()
    {
        var (client, _) = await factory.SignedInAnalystAsync("web-signout@example.org");
        using (client)
        {
            using var forged = await client.PostAsync(U("/signout"), new FormUrlEncodedContent([]));
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            using var stillIn = await client.GetAsync(U("/analyses"));
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);

            var token = WebUiFactory.Token(await stillIn.Content.ReadAsStringAsync());
            using var signOut = await client.PostAsync(U("/signout"), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
            using var after = await client.GetAsync(U("/analyses"));
            Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        }
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("http:evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task SignIn_ReturnUrlOffSite_GoesToTheUploadPageInstead(string returnUrl)
    {
        var email = "web-redirect-" + Guid.NewGuid().ToString("N")[..8] + "@example.org";
        await factory.CreateUserAsync(email, Password);
        using var client = factory.Browser();

        using var response = await WebUiFactory.SignInAsync(client, email, Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        // Already signed in, the GET of the sign-in page does not follow it either.
        using var get = await client.GetAsync(U("/signin?ReturnUrl=" + Uri.EscapeDataString(returnUrl)));
        Assert.Equal("/", get.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_LocalReturnUrl_IsFollowed()
    {
        await factory.CreateUserAsync("web-return@example.org", Password);
        using var client = factory.Browser();

        using var response = await WebUiFactory.SignInAsync(client, "web-return@example.org", Password, "/analyses?page=2");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/analyses?page=2", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/analyses", "/signin?ReturnUrl=%2Fanalyses")]
    [InlineData("/analyses/6d4f1a52-5d0e-4a4c-9d59-1b0c2f1f0a11", "/signin?ReturnUrl=%2Fanalyses%2F6d4f1a52-5d0e-4a4c-9d59-1b0c2f1f0a11")]
    [InlineData("/analyses?page=2", "/signin?ReturnUrl=%2Fanalyses%3Fpage%3D2")]
    public async Task ProtectedPage_Anonymous_RedirectsToSignIn_WithALocalReturnUrl(string path, string location)
    {
        using var client = factory.Browser();
        client.DefaultRequestHeaders.Host = "evil.example";

        using var response = await client.GetAsync(U(path));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Api_Anonymous_StillAnswers401WithTheApiKeyChallenge()
    {
        using var client = factory.Browser();

        using var list = await client.GetAsync(U("/api/v1/analyses"));
        using var me = await client.GetAsync(U("/api/v1/account/me"));

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal("ApiKey", Assert.Single(list.Headers.WwwAuthenticate).Scheme);
        Assert.Null(list.Headers.Location);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Null(me.Headers.Location);
    }

    [Fact]
    public async Task ApiKey_DoesNotOpenTheUi()
    {
        var userId = await factory.CreateUserAsync("web-key@example.org", Password);
        var created = await factory.Services.GetRequiredService<SentiMail.AspNetCore.ApiKeys.ApiKeyService>().CreateAsync(new SentiMail.AspNetCore.ApiKeys.ApiKeyCreateRequest
        {
            OwnerId = userId,
            Name = "test",
            Scopes = [SentiMail.AspNetCore.ApiKeys.ApiKeyScopes.Read],
        });
        using var client = factory.Browser();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Key);

        using var api = await client.GetAsync(U("/api/v1/analyses"));
        using var ui = await client.GetAsync(U("/analyses"));

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, ui.StatusCode);
    }
}
