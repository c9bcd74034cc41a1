namespace SentiMail.Host.Web;

/// <summary>The web UI (configuration section <c>WebUi</c>).</summary>
internal sealed class WebUiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "WebUi";

    /// <summary>The default <see cref="ContentSecurityPolicy"/>.</summary>
    public const string DefaultContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'";

    /// <summary>Gets or sets whether the web UI is served at all (<c>/</c>, <c>/signin</c>, <c>/analyses</c>…).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets whether a visitor who is not signed in may upload a message. Each anonymous upload counts
    /// against the per-IP anonymous quota (<c>RateLimiting:PerIpPermitLimit</c> per <c>RateLimiting:PerIpWindow</c>),
    /// the same quota as the API's anonymous uploads. The result is shown once and never stored.</summary>
    /// <value>The default is <see langword="true"/>, as in the original system (5 uploads per IP per day).</value>
    public bool AllowAnonymousUpload { get; set; } = true;

    /// <summary>Gets or sets the <c>Content-Security-Policy</c> of the UI's pages (the API keeps the stricter
    /// <c>SecurityHeaders:ContentSecurityPolicy</c>).</summary>
    /// <value>The default allows scripts, styles and images from the site itself only, forms to the site only, no base
    /// URL, no plug-ins and no framing.</value>
    public string ContentSecurityPolicy { get; set; } = DefaultContentSecurityPolicy;

    /// <summary>Gets or sets how many analyses one page of the history shows.</summary>
    /// <value>The default is 20; from 1 to 200.</value>
    public int HistoryPageSize { get; set; } = 20;

    /// <summary>Lists every problem with these options.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (HistoryPageSize is < 1 or > 200)
        {
            errors.Add($"WebUi:{nameof(HistoryPageSize)} must be from 1 to 200 (was {HistoryPageSize}).");
        }

        if (string.IsNullOrWhiteSpace(ContentSecurityPolicy) || ContentSecurityPolicy.Contains('\n', StringComparison.Ordinal) || ContentSecurityPolicy.Contains('\r', StringComparison.Ordinal))
        {
            errors.Add($"WebUi:{nameof(ContentSecurityPolicy)} must be one non-empty line.");
        }

        return errors;
    }
}
