using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.CrowdSec;
using SentiMail.Host.Tests.Tls;
using SentiMail.Host.Users;

namespace SentiMail.Host.Tests.Web;

/// <summary>
/// The real Program.cs in memory for the web UI's tests, over a temporary data folder, with an initial administrator,
/// a lockout after <see cref="MaxFailedAccessAttempts"/> wrong passwords, anonymous API uploads allowed (to show that
/// they share the anonymous quota with the UI), a small engine size limit and captured logs. The TCP peer address of a
/// request comes from the <c>X-Test-Peer</c> header (default 203.0.113.1), as a socket would give it.
/// </summary>
public sealed partial class WebUiFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.org";
    public const string AdminPassword = "initial admin passphrase";
    public const int MaxFailedAccessAttempts = 3;
    public const int MaxMessageBytes = 512 * 1024;
    public const int HistoryPageSize = 3;
    public const string PeerHeader = "X-Test-Peer";

    private int _peers;

    public DirectoryInfo DataDirectory { get; } = Directory.CreateTempSubdirectory("sentimail-host-webui-");

    internal CapturedLogs Logs { get; } = new();

    /// <summary>Gets what was reported to the CrowdSec watcher (address and reason), recorded in place of the LAPI.</summary>
    public ConcurrentQueue<(IPAddress Address, string Reason)> Reported { get; } = new();

    /// <summary>Gives each caller its own peer address, so that anonymous quotas do not mix between tests.</summary>
    public string NewPeer()
    {
        var n = Interlocked.Increment(ref _peers);
        return string.Create(CultureInfo.InvariantCulture, $"198.51.{100 + (n / 250)}.{1 + (n % 250)}");
    }

    /// <summary>A client that keeps cookies, does not follow redirects and comes from <paramref name="peer"/>.</summary>
    public HttpClient Browser(string? peer = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost/"), HandleCookies = true });
        client.DefaultRequestHeaders.Add(PeerHeader, peer ?? NewPeer());
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory.FullName,
            ["Backup:Enabled"] = "false",
            ["Identity:Lockout:MaxFailedAccessAttempts"] = MaxFailedAccessAttempts.ToString(CultureInfo.InvariantCulture),
            ["Users:InitialAdminEmail"] = AdminEmail,
            ["Users:InitialAdminPassword"] = AdminPassword,
            ["Api:AllowAnonymousSubmit"] = "true",
            ["WebUi:HistoryPageSize"] = HistoryPageSize.ToString(CultureInfo.InvariantCulture),
        }));
        builder.ConfigureLogging(l =>
        {
            l.ClearProviders();
            l.AddProvider(Logs);
        });
        builder.ConfigureTestServices(s =>
        {
            s.AddTransient<IStartupFilter, PeerAddressFilter>();
            s.AddSingleton<ICrowdSecReporter>(new RecordingReporter(Reported));
            // A small size limit, so that the oversized cases stay small.
            s.Configure<SentiMailOptions>(o =>
            {
                o.Limits.MaxMessageBytes = MaxMessageBytes;
                o.Limits.MaxHeaderBytes = 64 * 1024;
            });
        });
    }

    /// <summary>Creates a user and returns its id.</summary>
    public async Task<string> CreateUserAsync(string email, string password, string role = SentiMailRoles.Analyst)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(email, password, role)).Id;
    }

    /// <summary>Reads the antiforgery token of the first form of a page.</summary>
    public static string Token(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "no antiforgery token in:\n" + html);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Gets a page and returns its HTML and antiforgery token.</summary>
    public static async Task<(string Html, string Token)> FormAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        return (html, Token(html));
    }

    /// <summary>Signs in through the UI's form; returns the response (a redirect on success).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var path = returnUrl is null ? "/signin" : "/signin?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var (_, token) = await FormAsync(client, path);
        var fields = new Dictionary<string, string> { ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = token };
        if (returnUrl is not null)
        {
            fields["ReturnUrl"] = returnUrl;
        }

        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri("/signin", UriKind.Relative), form);
    }

    /// <summary>A signed-in browser of a new analyst.</summary>
    public async Task<(HttpClient Client, string UserId)> SignedInAnalystAsync(string email, string password = "analyst passphrase one")
    {
        var id = await CreateUserAsync(email, password);
        var client = Browser();
        using var response = await SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (client, id);
    }

    /// <summary>Posts the upload form with a file (and the page's token unless <paramref name="withToken"/> is false).</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string fileName = "message.eml", bool withToken = true)
    {
        var (_, token) = await FormAsync(client, "/");
        using var form = new MultipartFormDataContent();
        if (withToken)
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }

        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new("message/rfc822");
        form.Add(part, "file", fileName);
        return await client.PostAsync(new Uri("/", UriKind.Relative), form);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Logs.Dispose();
        SqliteConnection.ClearAllPools();
        DataDirectory.Delete(recursive: true);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private sealed class RecordingReporter(ConcurrentQueue<(IPAddress, string)> reported) : ICrowdSecReporter
    {
        public void Report(IPAddress ip, string reason) => reported.Enqueue((ip, reason));
    }

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var peer = context.Request.Headers[PeerHeader].ToString();
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.Length == 0 ? "203.0.113.1" : peer);
                context.Request.Headers.Remove(PeerHeader);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
