namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>Options of the CrowdSec bouncer middleware (<c>UseSentiMailCrowdSec</c>).</summary>
/// <remarks>
/// <para>Validated when the host starts: every invalid value is reported at once.</para>
/// <para>The client address is <see cref="Microsoft.AspNetCore.Http.ConnectionInfo.RemoteIpAddress"/>: behind a proxy,
/// the application must run the forwarded-headers middleware, trusting only its proxies, before the bouncer.</para>
/// </remarks>
public sealed class CrowdSecBouncerOptions
{
    /// <summary>Gets or sets the base address of the CrowdSec Local API.</summary>
    /// <value>An absolute <c>http</c> or <c>https</c> address such as <c>http://127.0.0.1:8080/</c>. Required; no default.</value>
    public Uri? LapiUrl { get; set; }

    /// <summary>Gets or sets the bouncer API key, sent as the <c>X-Api-Key</c> header.</summary>
    /// <value>The key printed by <c>cscli bouncers add &lt;name&gt;</c>. Required; no default.</value>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets how decisions are obtained.</summary>
    /// <value>The default value is <see cref="CrowdSecBouncerMode.Live"/>.</value>
    public CrowdSecBouncerMode Mode { get; set; } = CrowdSecBouncerMode.Live;

    /// <summary>Gets or sets how long a live answer (ban or no decision) is cached per client address.</summary>
    /// <value>The default value is 10 seconds. From zero (no cache) to 1 hour. Failures are never cached.</value>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many client addresses the live cache holds at most.</summary>
    /// <value>The default value is 10,000 entries. From 1 to 1,000,000. When full, expired entries are dropped, then the whole cache.</value>
    public int CacheSize { get; set; } = 10_000;

    /// <summary>Gets or sets the time between two pulls of <c>/v1/decisions/stream</c> in stream mode.</summary>
    /// <value>The default value is 10 seconds. From 1 second to 1 hour.</value>
    public TimeSpan StreamInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the time budget of one live LAPI request (connection, headers and body).</summary>
    /// <value>The default value is 500 milliseconds. From 1 millisecond to 30 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the time budget of one stream pull, which can carry every decision of the LAPI.</summary>
    /// <value>The default value is 10 seconds. From 1 millisecond to 5 minutes.</value>
    public TimeSpan StreamRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many decisions the stream mode keeps in memory at most; further ones are ignored and logged.</summary>
    /// <value>The default value is 1,000,000 decisions. From 1 to 10,000,000.</value>
    public int MaxStreamDecisions { get; set; } = 1_000_000;

    /// <summary>Gets or sets whether requests pass when the LAPI cannot answer (error, timeout, malformed reply).</summary>
    /// <value>The default value is <see langword="true"/> (fail-open). <see langword="false"/> answers 503 instead (fail-closed).</value>
    public bool FailOpen { get; set; } = true;

    /// <summary>Gets or sets the status code returned to a client that has a <c>ban</c> decision.</summary>
    /// <value>The default value is 403. From 400 to 599.</value>
    public int BlockStatusCode { get; set; } = 403;
}
