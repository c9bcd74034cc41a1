namespace SentiMail.Host.Web;

/// <summary>Names shared by the web UI's setup and pages.</summary>
internal static class WebUiDefaults
{
    /// <summary>The authorization policy of the UI's protected pages: a signed-in user, by Identity's cookie only (an API
    /// key does not open the UI).</summary>
    public const string UserPolicy = "SentiMail.WebUser";

    /// <summary>The sign-in page, where the cookie handler sends visitors of protected pages.</summary>
    public const string SignInPath = "/signin";

    /// <summary>The query parameter that carries the local page to return to after signing in.</summary>
    public const string ReturnUrlParameter = "ReturnUrl";

    /// <summary>The channel name of the UI in sign-in logs.</summary>
    public const string Channel = "web";

    /// <summary>Tells whether a request belongs to the web UI rather than to the API, the probes or the metrics, which
    /// keep answering in their own way (401 with <c>WWW-Authenticate: ApiKey</c>, ProblemDetails…).</summary>
    /// <param name="path">The request path.</param>
    /// <returns><see langword="true"/> for the UI's pages.</returns>
    public static bool IsUiPath(PathString path) =>
        !path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);
}
