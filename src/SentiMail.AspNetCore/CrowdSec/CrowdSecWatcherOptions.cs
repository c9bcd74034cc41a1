namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>Options of the CrowdSec watcher (<c>AddSentiMailCrowdSecWatcher</c>), which reports abusive addresses to the LAPI.</summary>
/// <remarks>
/// <para>Validated when the host starts: every invalid value is reported at once.</para>
/// <para>The machine is added on the LAPI host with <c>cscli machines add &lt;id&gt; --password &lt;pw&gt; -f &lt;file&gt;</c>
/// (machines added by <c>cscli</c> are validated; <c>-f</c> keeps the local credentials file intact).</para>
/// </remarks>
public sealed class CrowdSecWatcherOptions
{
    /// <summary>Gets or sets the base address of the CrowdSec Local API.</summary>
    /// <value>An absolute <c>http</c> or <c>https</c> address such as <c>http://127.0.0.1:8080/</c>. Required; no default.</value>
    public Uri? LapiUrl { get; set; }

    /// <summary>Gets or sets the machine identifier used to log in at <c>POST /v1/watchers/login</c>.</summary>
    /// <value>The id given to <c>cscli machines add</c>. Required; no default.</value>
    public string? MachineId { get; set; }

    /// <summary>Gets or sets the machine password.</summary>
    /// <value>The password given to <c>cscli machines add</c>. Required; no default.</value>
    public string? Password { get; set; }

    /// <summary>Gets or sets how many reported events within <see cref="Window"/> make one address banned.</summary>
    /// <value>The default value is 10 events. From 1 to 1,000,000.</value>
    public int Threshold { get; set; } = 10;

    /// <summary>Gets or sets the counting window (a fixed window starting at an address's first event).</summary>
    /// <value>The default value is 1 minute. From 1 second to 1 day.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the duration of the <c>ban</c> decision sent with the alert.</summary>
    /// <value>The default value is 4 hours. From 1 minute to 365 days.</value>
    public TimeSpan BanDuration { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Gets or sets the scenario name of the alerts and decisions.</summary>
    /// <value>The default value is <c>sentimail/abuse</c>. Required, at most 128 characters, no spaces.</value>
    public string Scenario { get; set; } = "sentimail/abuse";

    /// <summary>Gets or sets how many reported events wait at most for the next flush; further ones are dropped.</summary>
    /// <value>The default value is 1,000 events. From 1 to 1,000,000.</value>
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>Gets or sets the time between two flushes (counting queued events, posting due alerts).</summary>
    /// <value>The default value is 5 seconds. From 10 milliseconds to 5 minutes.</value>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many addresses are counted at most; when full, expired windows are dropped, then all.</summary>
    /// <value>The default value is 100,000 addresses. From 1 to 10,000,000.</value>
    public int MaxTrackedAddresses { get; set; } = 100_000;

    /// <summary>Gets or sets the time budget of one LAPI request (login or alert post).</summary>
    /// <value>The default value is 10 seconds. From 1 millisecond to 5 minutes.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets which abusive requests the SentiMail handlers and endpoints report by themselves, from the
    /// request's client address (after trusted forwarded headers are applied).</summary>
    /// <value>The default is <see cref="CrowdSecReportedEvents.AuthenticationFailures"/> and
    /// <see cref="CrowdSecReportedEvents.RejectedUploads"/>. <see cref="CrowdSecReportedEvents.RateLimited"/> is off by
    /// default: clients behind one NAT share their limits, and banning them all for a burst is often too harsh.</value>
    public CrowdSecReportedEvents ReportedEvents { get; set; } = CrowdSecReportedEvents.AuthenticationFailures | CrowdSecReportedEvents.RejectedUploads;
}
