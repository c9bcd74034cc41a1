using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.OpenApi;

namespace SentiMail.AspNetCore.Protection;

/// <summary>The <see cref="SentiMailRateLimits.Submit"/> policy: one fixed window per API key, user or client IP, kept by
/// <see cref="SentiMailSubmitQuota"/>.</summary>
internal sealed class SentiMailSubmitRateLimiterPolicy(SentiMailSubmitQuota quota) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        // The anonymous quota counts uploads only: anonymous reads (which answer 401) must not use it up, so they get
        // their own per-address window, as wide as an API key's. The windows live in the quota service, which web
        // forms use too.
        var upload = httpContext.GetEndpoint()?.Metadata.GetMetadata<RequestBodyMetadata>() is { JsonType: null };
        var partition = quota.Resolve(httpContext, upload);
        return RateLimitPartition.Get(partition.Key, _ => new SharedSubmitLimiter(quota, partition, TimeProvider.System));
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        SecurityEvents.RateLimited(context.HttpContext);
        var response = context.HttpContext.Response;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await TypedResults.Problem(
            "Too many requests; try again later.",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests.",
            type: SentiMailProblemTypes.TooManyRequests).ExecuteAsync(context.HttpContext).ConfigureAwait(false);
    }
}
