using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SentiMail.Kubernetes.WarmUp;

/// <summary>Healthy once the warm-up has completed; the registration's failure status before that, or when it failed.</summary>
internal sealed class WarmUpHealthCheck(ProbeState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (status, duration, failure) = state.Snapshot();
        var result = status switch
        {
            WarmUpStatus.Completed => HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"engine warmed up in {duration.TotalMilliseconds:0} ms")),
            WarmUpStatus.Failed => new HealthCheckResult(context.Registration.FailureStatus, "warm-up " + failure),
            _ => new HealthCheckResult(context.Registration.FailureStatus, "warming up"),
        };
        return Task.FromResult(result);
    }
}
