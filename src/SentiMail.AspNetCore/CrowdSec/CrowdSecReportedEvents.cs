namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>The kinds of abusive requests that the SentiMail endpoints and handlers report to the CrowdSec watcher
/// (<see cref="CrowdSecWatcherOptions.ReportedEvents"/>).</summary>
[Flags]
public enum CrowdSecReportedEvents
{
    /// <summary>Nothing is reported automatically; the app may still call <see cref="ICrowdSecReporter"/> itself.</summary>
    None = 0,

    /// <summary>A request presented an API key that is malformed, unknown, wrong, expired or revoked (each a 401).
    /// Requests without any key are not counted.</summary>
    AuthenticationFailures = 1,

    /// <summary>An upload to <c>POST /analyses</c> (or the compatibility route) was refused: not an email (400), too
    /// large (413), wrong media type (415) or a malformed form (400).</summary>
    RejectedUploads = 2,

    /// <summary>A request was refused by a SentiMail rate limit (429).</summary>
    RateLimited = 4,

    /// <summary>Every kind above.</summary>
    All = AuthenticationFailures | RejectedUploads | RateLimited,
}
