using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SentiMail.Kubernetes.Tests.Probes;

/// <summary>A readiness check written as an <see cref="IHealthCheck"/> class, created by the container.</summary>
internal sealed class TypedStoreCheck(TestStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.PingAsync(cancellationToken)
            ? HealthCheckResult.Healthy("cache answers")
            : new HealthCheckResult(context.Registration.FailureStatus, "cache down");
}
