using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SentiMail.Kubernetes.Probes;

/// <summary>A readiness check made of a delegate that says whether a dependency answers.</summary>
internal sealed class DelegateReadinessCheck(IServiceProvider services, Func<IServiceProvider, CancellationToken, Task<bool>> check) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await check(services, cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy("answers")
            : new HealthCheckResult(context.Registration.FailureStatus, "does not answer");
    }
}
