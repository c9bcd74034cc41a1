using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace SentiMail.Host.BrowserTests.Infrastructure;

/// <summary>
/// A page whose console errors and warnings, uncaught script errors, failed requests and Content-Security-Policy
/// violations (the <c>securitypolicyviolation</c> event, recorded by a script Playwright adds to every document) are
/// collected, so that a test can assert there were none.
/// </summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private const string ViolationRecorder = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => {
            window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
        });
        """;

    private readonly ConcurrentQueue<string> _problems = new();

    private WatchedPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Gets every problem seen so far: console errors and warnings, page errors, failed requests, CSP violations.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    internal static async Task<WatchedPage> CreateAsync(IBrowserContext context)
    {
        await context.AddInitScriptAsync(ViolationRecorder);
        var page = await context.NewPageAsync();
        var watched = new WatchedPage(context, page);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                watched._problems.Enqueue($"console {message.Type}: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => watched._problems.Enqueue("page error: " + error);
        page.RequestFailed += (_, request) => watched._problems.Enqueue($"request failed: {request.Method} {request.Url} {request.Failure}");
        return watched;
    }

    /// <summary>Reads the CSP violations recorded in the current document into <see cref="Problems"/>.</summary>
    public async Task CollectViolationsAsync()
    {
        var violations = await Page.EvaluateAsync<string[]>("() => window.__cspViolations || []");
        foreach (var violation in violations)
        {
            _problems.Enqueue("CSP violation: " + violation);
        }
    }

    /// <summary>Saves a full-page PNG to <c>artifacts/screenshots/&lt;name&gt;.png</c> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(RepositoryRoot.Screenshots(), name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
