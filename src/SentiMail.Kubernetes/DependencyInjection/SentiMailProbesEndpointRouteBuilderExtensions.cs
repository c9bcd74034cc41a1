using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SentiMail.Kubernetes;
using SentiMail.Kubernetes.Probes;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Kubernetes probe endpoints.</summary>
public static class SentiMailProbesEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the three probes at the paths of <see cref="SentiMailProbeOptions"/>:
    /// <list type="bullet">
    /// <item>liveness (<c>/healthz/live</c>): 200 as long as the process serves requests; it runs only checks tagged
    /// <see cref="SentiMailProbeTags.Live"/> (none by default) and never checks a dependency.</item>
    /// <item>readiness (<c>/healthz/ready</c>): 200 when the engine is warmed up, every check tagged
    /// <see cref="SentiMailProbeTags.Ready"/> passes and the application is not draining; 200 with status
    /// <c>Degraded</c> when only optional dependencies are down; 503 otherwise.</item>
    /// <item>startup (<c>/healthz/startup</c>): 503 until the warm-up has completed, then 200.</item>
    /// </list>
    /// Each answers JSON (<c>{"status": ..., "checks": [{"name", "status", "description", "durationMs"}]}</c>) with
    /// no-cache headers; exception text is never included.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>A convention builder that applies to the three endpoints, for example <c>.RequireHost("*:8081")</c>
    /// to serve the probes on a port of their own.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>services.AddSentiMailProbes()</c> was not called.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public static IEndpointConventionBuilder MapSentiMailProbes(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<SentiMailProbesMarker>() is null)
        {
            throw new InvalidOperationException(
                "The SentiMail probe services are not registered. Call services.AddSentiMailProbes() when configuring the services.");
        }

        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<SentiMailProbeOptions>>().Value;
        return new ProbeEndpointConventionBuilder(
        [
            Map(endpoints, options.LivenessPath, SentiMailProbeTags.Live),
            Map(endpoints, options.ReadinessPath, SentiMailProbeTags.Ready),
            Map(endpoints, options.StartupPath, SentiMailProbeTags.Startup),
        ]);
    }

    private static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, string path, string tag) =>
        endpoints.MapHealthChecks(path, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(tag),
            ResponseWriter = ProbeResponseWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).WithDisplayName("SentiMail probe " + tag);
}
