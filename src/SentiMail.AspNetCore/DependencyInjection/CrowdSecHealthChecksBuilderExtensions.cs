using Microsoft.Extensions.Diagnostics.HealthChecks;
using SentiMail.AspNetCore.CrowdSec;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the CrowdSec LAPI health check.</summary>
public static class CrowdSecHealthChecksBuilderExtensions
{
    /// <summary>The default name of the check.</summary>
    public const string DefaultName = "crowdsec";

    /// <summary>
    /// Adds a check that the CrowdSec LAPI answers the bouncer. Needs <c>AddSentiMailCrowdSec</c>. The LAPI is an
    /// optional dependency, so an unreachable LAPI reports <see cref="HealthStatus.Degraded"/> unless
    /// <paramref name="failureStatus"/> says otherwise; tag it for readiness, not liveness.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. The default value is <c>crowdsec</c>.</param>
    /// <param name="failureStatus">The status when the LAPI does not answer. The default value is <see cref="HealthStatus.Degraded"/>.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <param name="timeout">The check's timeout; the LAPI call also obeys <see cref="CrowdSecBouncerOptions.RequestTimeout"/>.</param>
    /// <returns>The same <paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddCrowdSec(
        this IHealthChecksBuilder builder,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSentiMailCrowdSec();
        return builder.Add(new HealthCheckRegistration(
            name ?? DefaultName,
            provider => new CrowdSecHealthCheck(provider.GetRequiredService<CrowdSecLapiClient>()),
            failureStatus ?? HealthStatus.Degraded,
            tags,
            timeout));
    }
}
