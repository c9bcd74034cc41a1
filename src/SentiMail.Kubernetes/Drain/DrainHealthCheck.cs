using Microsoft.Extensions.Diagnostics.HealthChecks;
using SentiMail.Kubernetes.WarmUp;

namespace SentiMail.Kubernetes.Drain;

/// <summary>The registration's failure status once the application has started shutting down, so that readiness fails first.</summary>
internal sealed class DrainHealthCheck(ProbeState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(state.IsDraining
            ? new HealthCheckResult(context.Registration.FailureStatus, "draining: the application is shutting down")
            : HealthCheckResult.Healthy("accepting requests"));
    }
}
