using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>
/// Reports whether the CrowdSec LAPI answers the bouncer (a live query for 127.0.0.1 with the configured key).
/// The LAPI is an optional dependency: when it does not answer, the check reports the registration's failure status
/// (Degraded by default). Error details stay in the description, never exception text.
/// </summary>
internal sealed class CrowdSecHealthCheck(CrowdSecLapiClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await client.GetDecisionsAsync(IPAddress.Loopback, cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded
            ? HealthCheckResult.Healthy("CrowdSec LAPI answers")
            : new HealthCheckResult(context.Registration.FailureStatus, "CrowdSec LAPI: " + outcome.Error);
    }
}
