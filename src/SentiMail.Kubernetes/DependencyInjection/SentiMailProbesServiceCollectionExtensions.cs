using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SentiMail.Kubernetes;
using SentiMail.Kubernetes.Drain;
using SentiMail.Kubernetes.Probes;
using SentiMail.Kubernetes.WarmUp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Kubernetes probes and the drain on shutdown.</summary>
public static class SentiMailProbesServiceCollectionExtensions
{
    /// <summary>The name of the built-in check that fails until the warm-up has completed (startup and readiness).</summary>
    public const string WarmUpCheckName = "sentimail-warmup";

    /// <summary>The name of the built-in check that fails once the application is shutting down (readiness).</summary>
    public const string DrainCheckName = "sentimail-drain";

    /// <summary>
    /// Adds the probes' services: the SentiMail engine (<c>AddSentiMail()</c>), ASP.NET Core health checks with the
    /// warm-up and drain checks, a background warm-up that builds the engine from the container and analyses a tiny
    /// built-in message once, the drain on shutdown, and validated <see cref="SentiMailProbeOptions"/>, checked at start.
    /// Sets <see cref="HostOptions.ShutdownTimeout"/> to <see cref="SentiMailProbeOptions.DrainDelay"/> plus
    /// <see cref="SentiMailProbeOptions.RequestGracePeriod"/>. Safe to call several times: services are added once and
    /// <paramref name="configure"/> calls accumulate. Map the endpoints with <c>app.MapSentiMailProbes()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the default options, if any.</param>
    /// <returns>A builder to add the application's readiness checks and warm-up steps.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddSentiMailProbes(o => o.DrainDelay = TimeSpan.FromSeconds(10))
    ///     .AddReadinessCheck("store", (sp, ct) => sp.GetRequiredService&lt;IMyStore&gt;().PingAsync(ct));
    /// // ...
    /// app.MapSentiMailProbes();   // /healthz/live, /healthz/ready, /healthz/startup
    /// </code>
    /// </example>
    public static SentiMailProbesBuilder AddSentiMailProbes(this IServiceCollection services, Action<SentiMailProbeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSentiMail();
        var options = services.AddOptions<SentiMailProbeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(SentiMailProbesMarker)))
        {
            services.AddSingleton<SentiMailProbesMarker>();
            options.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SentiMailProbeOptions>, SentiMailProbeOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<HostOptions>, ShutdownTimeoutSetup>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<ProbeState>();
            services.AddHostedService<WarmUpService>();
            services.AddHostedService<DrainService>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, DrainStartupFilter>());
            services.AddHealthChecks()
                .Add(new HealthCheckRegistration(
                    WarmUpCheckName,
                    provider => new WarmUpHealthCheck(provider.GetRequiredService<ProbeState>()),
                    HealthStatus.Unhealthy,
                    [SentiMailProbeTags.Startup, SentiMailProbeTags.Ready]))
                .Add(new HealthCheckRegistration(
                    DrainCheckName,
                    provider => new DrainHealthCheck(provider.GetRequiredService<ProbeState>()),
                    HealthStatus.Unhealthy,
                    [SentiMailProbeTags.Ready]));
        }

        return new SentiMailProbesBuilder(services);
    }
}
