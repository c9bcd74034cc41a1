using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.OpenApi;

namespace SentiMail.AspNetCore.Protection;

/// <summary>The <see cref="SentiMailRateLimits.Submit"/> policy: one fixed window per API key, user or client IP.</summary>
internal sealed class SentiMailSubmitRateLimiterPolicy(IOptions<SentiMailRateLimitOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var o = options.Value;
        var user = httpContext.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var keyId = user.FindFirstValue(ApiKeyDefaults.KeyIdClaimType);
            if (!string.IsNullOrEmpty(keyId))
            {
                return Fixed("key:" + keyId, o.PerKeyPermitLimit, o.PerKeyWindow);
            }

            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
            if (!string.IsNullOrEmpty(userId))
            {
                return Fixed("user:" + userId, o.PerUserPermitLimit, o.PerUserWindow);
            }
        }

        // The anonymous quota counts uploads only: anonymous reads (which answer 401) must not use it up, so they get
        // their own per-address window, as wide as an API key's.
        var address = ClientAddress.Normalize(httpContext.Connection.RemoteIpAddress);
        return httpContext.GetEndpoint()?.Metadata.GetMetadata<RequestBodyMetadata>() is { JsonType: null }
            ? Fixed("ip:" + address, o.PerIpPermitLimit, o.PerIpWindow)
            : Fixed("ip-other:" + address, o.PerKeyPermitLimit, o.PerKeyWindow);
    }

    private static RateLimitPartition<string> Fixed(string key, int permitLimit, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitLimit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

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
