namespace SentiMail.AspNetCore.Protection;

/// <summary>
/// The headers added by <c>UseSentiMailSecurityHeaders()</c>. Set a value to <see langword="null"/> or empty to leave
/// that header out. A header already set by the endpoint is kept. HSTS is not here: use ASP.NET Core's
/// <c>app.UseHsts()</c> (with <c>AddHsts</c> options), which sends it only over HTTPS and skips localhost.
/// </summary>
public sealed class SentiMailSecurityHeadersOptions
{
    /// <summary>Gets or sets whether to send <c>X-Content-Type-Options: nosniff</c>.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool NoSniff { get; set; } = true;

    /// <summary>Gets or sets the <c>Referrer-Policy</c> header.</summary>
    /// <value>The default is <c>no-referrer</c>.</value>
    public string? ReferrerPolicy { get; set; } = "no-referrer";

    /// <summary>Gets or sets the <c>Content-Security-Policy</c> header.</summary>
    /// <value>The default is <c>default-src 'none'; frame-ancestors 'none'</c>, right for JSON API responses; a site
    /// serving HTML needs its own policy.</value>
    public string? ContentSecurityPolicy { get; set; } = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Gets or sets the <c>X-Frame-Options</c> header (for browsers without <c>frame-ancestors</c>).</summary>
    /// <value>The default is <c>DENY</c>.</value>
    public string? FrameOptions { get; set; } = "DENY";

    /// <summary>Gets or sets the <c>Cross-Origin-Opener-Policy</c> header.</summary>
    /// <value>The default is <c>same-origin</c>.</value>
    public string? CrossOriginOpenerPolicy { get; set; } = "same-origin";
}
