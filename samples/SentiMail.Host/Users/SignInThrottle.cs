using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SentiMail.Host.Users;

/// <summary>
/// Counts failed sign-ins per client address in a fixed window (<see cref="UsersOptions.MaxFailedSignInsPerAddress"/>
/// per <see cref="UsersOptions.FailedSignInWindow"/>). Successful sign-ins cost nothing. Per process, like the API's
/// rate limits: behind several replicas an address gets that many failures on each.
/// </summary>
internal sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    /// <summary>Creates the counters from the options.</summary>
    /// <param name="options">The users' options.</param>
    public SignInThrottle(IOptions<UsersOptions> options)
    {
        var o = options.Value;
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = o.MaxFailedSignInsPerAddress,
            Window = o.FailedSignInWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Tells whether <paramref name="clientAddress"/> has used up its failures, and when it may try again.</summary>
    /// <param name="clientAddress">The client address (as the security events write it).</param>
    /// <param name="retryAfter">When the window ends, if the limiter says.</param>
    /// <returns><see langword="true"/> when the address must wait.</returns>
    public bool IsBlocked(string clientAddress, out TimeSpan? retryAfter)
    {
        // Asking for zero permits succeeds while at least one is left, and takes none.
        using var lease = _failures.AttemptAcquire(clientAddress, permitCount: 0);
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
        return !lease.IsAcquired;
    }

    /// <summary>Counts one failed sign-in of <paramref name="clientAddress"/>.</summary>
    /// <param name="clientAddress">The client address.</param>
    public void RecordFailure(string clientAddress)
    {
        using var lease = _failures.AttemptAcquire(clientAddress);
    }

    /// <inheritdoc/>
    public void Dispose() => _failures.Dispose();
}
