namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>How the CrowdSec bouncer learns the decisions of the Local API (LAPI).</summary>
public enum CrowdSecBouncerMode
{
    /// <summary>
    /// Asks the LAPI about each client address (<c>GET /v1/decisions?ip=</c>) and caches the answer for
    /// <see cref="CrowdSecBouncerOptions.CacheDuration"/>. A new ban takes effect within that duration.
    /// </summary>
    Live = 0,

    /// <summary>
    /// Pulls every decision once (<c>GET /v1/decisions/stream?startup=true</c>), then only the changes every
    /// <see cref="CrowdSecBouncerOptions.StreamInterval"/>, and answers requests from memory without any LAPI round trip.
    /// </summary>
    Stream = 1,
}
