using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.ApiKeys;

namespace SentiMail.AspNetCore.Protection;

/// <summary>
/// The windows of the <see cref="SentiMailRateLimits.Submit"/> policy, as a service. The policy counts through it, and
/// so can an upload that does not go through the rate-limiting middleware (a web form whose handler checks its
/// antiforgery token first): <see cref="AttemptAcquireUpload"/> counts against the same window as the API's uploads,
/// that of the API key, else of the user, else the per-IP anonymous quota of the client address.
/// </summary>
/// <remarks>Registered as a singleton by <c>AddSentiMailRateLimiting()</c>. Windows that are full again are dropped,
/// so memory follows the number of recently active callers.</remarks>
public sealed class SentiMailSubmitQuota : IDisposable
{
    private readonly IOptions<SentiMailRateLimitOptions> _options;
    private readonly PartitionedRateLimiter<SubmitPartition> _limiter;

    /// <summary>Initializes a new instance of the <see cref="SentiMailSubmitQuota"/> class.</summary>
    /// <param name="options">The limits.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public SentiMailSubmitQuota(IOptions<SentiMailRateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _limiter = PartitionedRateLimiter.Create<SubmitPartition, string>(partition =>
            RateLimitPartition.GetFixedWindowLimiter(partition.Key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = partition.PermitLimit,
                Window = partition.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>
    /// Counts one message upload by the caller of <paramref name="context"/>: against its API key, else its user
    /// (<c>NameIdentifier</c>), else its client address (the anonymous quota, shared with the API's anonymous uploads).
    /// A refusal is logged and reported as a rate-limit security event, as the policy does.
    /// </summary>
    /// <param name="context">The request; call after authentication so that the key or user is known.</param>
    /// <returns>The lease: when <see cref="RateLimitLease.IsAcquired"/> is <see langword="false"/>, the upload must be
    /// refused (429) and <see cref="MetadataName.RetryAfter"/> tells when to try again. Dispose it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public RateLimitLease AttemptAcquireUpload(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lease = _limiter.AttemptAcquire(Resolve(context, upload: true));
        if (!lease.IsAcquired)
        {
            SecurityEvents.RateLimited(context);
        }

        return lease;
    }

    /// <inheritdoc/>
    public void Dispose() => _limiter.Dispose();

    /// <summary>Picks the window of a request: per API key, else per user, else per client address (uploads and other
    /// anonymous requests apart, so that anonymous reads cannot use up the anonymous upload quota).</summary>
    internal SubmitPartition Resolve(HttpContext context, bool upload)
    {
        var o = _options.Value;
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var keyId = user.FindFirstValue(ApiKeyDefaults.KeyIdClaimType);
            if (!string.IsNullOrEmpty(keyId))
            {
                return new("key:" + keyId, o.PerKeyPermitLimit, o.PerKeyWindow);
            }

            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
            if (!string.IsNullOrEmpty(userId))
            {
                return new("user:" + userId, o.PerUserPermitLimit, o.PerUserWindow);
            }
        }

        var address = ClientAddress.Normalize(context.Connection.RemoteIpAddress);
        return upload
            ? new("ip:" + address, o.PerIpPermitLimit, o.PerIpWindow)
            : new("ip-other:" + address, o.PerKeyPermitLimit, o.PerKeyWindow);
    }

    internal RateLimitLease AttemptAcquire(SubmitPartition partition, int permitCount) => _limiter.AttemptAcquire(partition, permitCount);

    internal ValueTask<RateLimitLease> AcquireAsync(SubmitPartition partition, int permitCount, CancellationToken cancellationToken) =>
        _limiter.AcquireAsync(partition, permitCount, cancellationToken);

    internal RateLimiterStatistics? GetStatistics(SubmitPartition partition) => _limiter.GetStatistics(partition);
}

/// <summary>One window of the submit policy: its key and limits.</summary>
/// <param name="Key">The partition key, such as <c>ip:198.51.100.7</c>.</param>
/// <param name="PermitLimit">How many requests the window allows.</param>
/// <param name="Window">How long the window lasts.</param>
internal readonly record struct SubmitPartition(string Key, int PermitLimit, TimeSpan Window);
