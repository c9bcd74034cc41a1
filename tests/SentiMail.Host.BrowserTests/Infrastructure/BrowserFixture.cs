using Microsoft.Playwright;

namespace SentiMail.Host.BrowserTests.Infrastructure;

/// <summary>
/// One real host process and one headless Chromium for the test class. The browser is Debian's <c>/usr/bin/chromium</c>
/// (eng/install-test-deps.sh installs it); Playwright downloads nothing. A missing Chromium fails the tests, it never
/// skips them.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    internal HostProcess Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => Host.BaseAddress;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (eng/install-test-deps.sh). The browser tests never skip.");
        }

        Host = await HostProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Playwright already adds --no-sandbox, --disable-background-networking, --disable-component-update,
            // --disable-sync and --no-first-run. The resolver rule keeps Chromium from looking up any name but ours.
            Args = ["--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"],
        });
    }

    /// <summary>A fresh context (no cookies) that accepts the host's self-signed certificate and watches the pages.</summary>
    public async Task<WatchedPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
        });
        return await WatchedPage.CreateAsync(context);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
