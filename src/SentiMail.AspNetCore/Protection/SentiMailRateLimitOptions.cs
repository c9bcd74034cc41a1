namespace SentiMail.AspNetCore.Protection;

/// <summary>
/// Limits of the <see cref="SentiMailRateLimits.Submit"/> policy. Each kind of caller has its own fixed window:
/// a request authenticated by an API key counts against that key, another authenticated request against its user
/// (<c>NameIdentifier</c>), and an anonymous request against its client IP (the anonymous quota of the original system).
/// Requests over the limit are rejected at once (no queue) with 429 and <c>Retry-After</c>.
/// </summary>
public sealed class SentiMailRateLimitOptions
{
    /// <summary>Gets or sets how many requests one API key may make per <see cref="PerKeyWindow"/>.</summary>
    /// <value>The default is 60; from 1 to 1,000,000.</value>
    public int PerKeyPermitLimit { get; set; } = 60;

    /// <summary>Gets or sets the window of <see cref="PerKeyPermitLimit"/>.</summary>
    /// <value>The default is 1 minute; from 1 second to 7 days.</value>
    public TimeSpan PerKeyWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many requests one authenticated user without an API key may make per <see cref="PerUserWindow"/>.</summary>
    /// <value>The default is 30; from 1 to 1,000,000.</value>
    public int PerUserPermitLimit { get; set; } = 30;

    /// <summary>Gets or sets the window of <see cref="PerUserPermitLimit"/>.</summary>
    /// <value>The default is 1 minute; from 1 second to 7 days.</value>
    public TimeSpan PerUserWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the anonymous quota: how many uploads one client IP may make without authenticating per <see cref="PerIpWindow"/>.
    /// Other unauthenticated requests from the address (which answer 401) are limited separately, with
    /// <see cref="PerKeyPermitLimit"/> per <see cref="PerKeyWindow"/>, so that they cannot use up the quota.</summary>
    /// <value>The default is 5, as in the original system; from 1 to 1,000,000.</value>
    public int PerIpPermitLimit { get; set; } = 5;

    /// <summary>Gets or sets the window of <see cref="PerIpPermitLimit"/> (a fixed window).</summary>
    /// <value>The default is 1 day; from 1 second to 7 days.</value>
    public TimeSpan PerIpWindow { get; set; } = TimeSpan.FromDays(1);

    internal List<string> Validate()
    {
        var errors = new List<string>();
        CheckLimit(errors, nameof(PerKeyPermitLimit), PerKeyPermitLimit);
        CheckLimit(errors, nameof(PerUserPermitLimit), PerUserPermitLimit);
        CheckLimit(errors, nameof(PerIpPermitLimit), PerIpPermitLimit);
        CheckWindow(errors, nameof(PerKeyWindow), PerKeyWindow);
        CheckWindow(errors, nameof(PerUserWindow), PerUserWindow);
        CheckWindow(errors, nameof(PerIpWindow), PerIpWindow);
        return errors;
    }

    private static void CheckLimit(List<string> errors, string name, int value)
    {
        if (value is < 1 or > 1_000_000)
        {
            errors.Add($"{name} must be from 1 to 1,000,000 (was {value}).");
        }
    }

    private static void CheckWindow(List<string> errors, string name, TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromDays(7))
        {
            errors.Add($"{name} must be from 1 second to 7 days (was {value}).");
        }
    }
}
