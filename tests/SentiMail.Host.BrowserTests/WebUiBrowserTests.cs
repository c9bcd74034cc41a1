using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SentiMail.Host.BrowserTests.Infrastructure;

namespace SentiMail.Host.BrowserTests;

/// <summary>
/// The web UI in real headless Chromium against the real host over TLS: sign in, drop a phishing message on the drop
/// zone, read its verdict and reasons, find it in the history, sign out; an anonymous upload with the file input; a
/// rejected upload. Every page must load with no CSP violation, console error or script error. Screenshots are kept
/// in <c>artifacts/screenshots/</c>.
/// </summary>
public sealed partial class WebUiBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] s_reasonCategories = ["Impersonation", "Links", "Content"];

    [Fact]
    public async Task SignedInUser_DropsAPhishingMessage_SeesMaliciousAndItsReasons_FindsItInTheHistory_AndSignsOut()
    {
        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;

        // A protected page sends the visitor to the sign-in page, which sends them back after signing in.
        await page.GotoAsync("/analyses");
        await Assertions.Expect(page).ToHaveURLAsync(SignInUrl());
        await watched.CollectViolationsAsync();
        await watched.ScreenshotAsync("01-sign-in");
        await page.FillAsync("#email", HostProcess.AdminEmail);
        await page.FillAsync("#password", HostProcess.AdminPassword);
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page).ToHaveURLAsync(HistoryUrl());
        await Assertions.Expect(page.Locator("#history-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(HostProcess.AdminEmail);
        await watched.CollectViolationsAsync();

        // Drag and drop: a real drop event whose DataTransfer holds the .eml file.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#drop-hint")).ToBeVisibleAsync();
        var bytes = await File.ReadAllBytesAsync(RepositoryRoot.Sample("phishing-paypal-en.eml"));
        var dataTransfer = await page.EvaluateHandleAsync(
            """
            ([name, base64]) => {
                const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], name, { type: 'message/rfc822' }));
                return transfer;
            }
            """,
            new object[] { "phishing-paypal-en.eml", Convert.ToBase64String(bytes) });
        await page.DispatchEventAsync("#drop-zone", "dragenter", new { dataTransfer });
        await page.DispatchEventAsync("#drop-zone", "dragover", new { dataTransfer });
        await Assertions.Expect(page.Locator("#drop-zone")).ToHaveClassAsync(DraggingClass());
        await watched.CollectViolationsAsync();
        await page.DispatchEventAsync("#drop-zone", "drop", new { dataTransfer });

        // The result page: the verdict, the score and the reasons grouped by category with their evidence.
        await Assertions.Expect(page).ToHaveURLAsync(ResultUrl());
        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("Malicious");
        var score = int.Parse(await page.Locator("#score").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(score, 75, 100);
        foreach (var category in s_reasonCategories)
        {
            await Assertions.Expect(page.Locator($".signal-group[data-category='{category}']")).ToHaveCountAsync(1);
        }

        var impersonation = page.Locator(".signal-group[data-category='Impersonation']");
        await Assertions.Expect(impersonation.Locator("h3")).ToContainTextAsync("Impersonation");
        var lookalike = impersonation.Locator("[data-signal='brand.lookalike-sender-domain']");
        await Assertions.Expect(lookalike.Locator(".sentence")).ToContainTextAsync("imitates PayPal");
        await Assertions.Expect(lookalike.Locator(".weight")).ToHaveTextAsync(PositiveWeight());
        await Assertions.Expect(lookalike.Locator(".evidence li").First).ToContainTextAsync("header:From");
        await Assertions.Expect(page.Locator("#summary-from")).ToContainTextAsync("paypal-secure-login.com");
        var resultUrl = page.Url;
        await watched.CollectViolationsAsync();
        await watched.ScreenshotAsync("02-result-malicious");

        // The history lists it and links to it.
        await page.ClickAsync("text=History");
        await Assertions.Expect(page).ToHaveURLAsync(HistoryUrl());
        var row = page.Locator("#history tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("Malicious");
        await watched.CollectViolationsAsync();
        await watched.ScreenshotAsync("03-history");
        await row.Locator("a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(resultUrl);

        // Sign out: the history is closed again.
        await page.ClickAsync("#sign-out");
        await Assertions.Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
        await watched.CollectViolationsAsync();
        await page.GotoAsync("/analyses");
        await Assertions.Expect(page).ToHaveURLAsync(SignInUrl());
        await watched.CollectViolationsAsync();

        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task AnonymousVisitor_UploadsWithTheFileInput_AndSeesTheResultOnce()
    {
        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;

        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#quota")).ToContainTextAsync("5 messages per day");
        await page.SetInputFilesAsync("#file", RepositoryRoot.Sample("phishing-laposte-colis-fr.eml"));
        await Assertions.Expect(page.Locator("#chosen")).ToHaveTextAsync("Chosen: phishing-laposte-colis-fr.eml");
        await page.ClickAsync("#analyse");

        await Assertions.Expect(page.Locator("#anonymous-notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("Malicious");
        await Assertions.Expect(page.Locator(".signal-group[data-category='Links']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#upload-form")).ToBeVisibleAsync();
        await watched.CollectViolationsAsync();
        await watched.ScreenshotAsync("04-anonymous-result");

        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task AnonymousVisitor_UploadingAPicture_GetsTheErrorPageInWords()
    {
        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;

        await page.GotoAsync("/");
        await page.SetInputFilesAsync("#file", new FilePayload
        {
            Name = "holiday.png",
            MimeType = "image/png",
            Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1],
        });
        await page.ClickAsync("#analyse");

        await Assertions.Expect(page.Locator("#problem h2")).ToHaveTextAsync("The file is not an email.");
        await Assertions.Expect(page.Locator("#problem")).ToHaveAttributeAsync("data-code", "not-an-email");
        await watched.CollectViolationsAsync();
        await watched.ScreenshotAsync("05-rejected-upload");

        // The 400 answer itself is reported by Chromium's console; nothing else may be.
        Assert.All(watched.Problems, p => Assert.Contains("status of 400", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePolicyBlocksInlineScript_AndTheWatcherSeesIt()
    {
        // Proves that "no problem seen" above means something: an inline script added to a UI page is refused by the
        // page's Content-Security-Policy, and the refusal is recorded.
        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync("/");

        try
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = "document.title = 'injected';" });
        }
        catch (PlaywrightException)
        {
            // Playwright may report the refused script itself.
        }

        await watched.CollectViolationsAsync();
        Assert.NotEqual("injected", await page.TitleAsync());
        Assert.Contains(watched.Problems, p => p.StartsWith("CSP violation: script-src", StringComparison.Ordinal));
    }

    [GeneratedRegex("/signin\\?ReturnUrl=%2Fanalyses$")]
    private static partial Regex SignInUrl();

    [GeneratedRegex("/analyses$")]
    private static partial Regex HistoryUrl();

    [GeneratedRegex("/analyses/[0-9a-f-]{36}$")]
    private static partial Regex ResultUrl();

    [GeneratedRegex("dragging")]
    private static partial Regex DraggingClass();

    [GeneratedRegex("^\\+\\d+")]
    private static partial Regex PositiveWeight();
}
