using System.Threading.RateLimiting;

namespace SentiMail.AspNetCore.Protection;

/// <summary>
/// What the rate-limiting middleware holds for one partition of the submit policy: a stateless view of that
/// partition's window in <see cref="SentiMailSubmitQuota"/>, so that the middleware and <see cref="SentiMailSubmitQuota.AttemptAcquireUpload"/>
/// count in the same window. The middleware drops it once idle (disposing it does not touch the window).
/// </summary>
internal sealed class SharedSubmitLimiter(SentiMailSubmitQuota quota, SubmitPartition partition, TimeProvider time) : RateLimiter
{
    private long _lastUsed = time.GetTimestamp();

    public override TimeSpan? IdleDuration => time.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => quota.GetStatistics(partition);

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Interlocked.Exchange(ref _lastUsed, time.GetTimestamp());
        return quota.AttemptAcquire(partition, permitCount);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, time.GetTimestamp());
        return quota.AcquireAsync(partition, permitCount, cancellationToken);
    }
}
