using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SentiMail.Kubernetes;
using SentiMail.Kubernetes.Probes;
using SentiMail.Kubernetes.WarmUp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the application's own readiness checks and warm-up steps after <c>AddSentiMailProbes()</c>.</summary>
public sealed class SentiMailProbesBuilder
{
    /// <summary>
    /// The time budget of a readiness check added here when none is given: 2 seconds, under the 3-second
    /// <c>timeoutSeconds</c> recommended for the readiness probe in docs/kubernetes.md.
    /// </summary>
    public static readonly TimeSpan DefaultCheckTimeout = TimeSpan.FromSeconds(2);

    internal SentiMailProbesBuilder(IServiceCollection services)
    {
        Services = services;
        HealthChecks = services.AddHealthChecks();
    }

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Gets the health checks builder, for checks registered by other packages: tag them with
    /// <see cref="SentiMailProbeTags.Ready"/> to make them part of the readiness probe.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddSentiMailProbes().HealthChecks.AddCrowdSec(tags: [SentiMailProbeTags.Ready]);   // Degraded when down
    /// </code>
    /// </example>
    public IHealthChecksBuilder HealthChecks { get; }

    /// <summary>
    /// Adds a readiness check made of a delegate that returns whether a dependency answers (for example "the store
    /// answers"). A required dependency that does not answer, throws or runs out of time makes readiness fail (503); an
    /// optional one makes it <see cref="HealthStatus.Degraded"/> (still 200). Exception text is logged, never shown.
    /// </summary>
    /// <param name="name">The check's name, shown in the probe's answer. Must be unique among health checks.</param>
    /// <param name="check">Returns <see langword="true"/> when the dependency answers. It gets the application's
    /// services and a token cancelled when the probe request ends or <paramref name="timeout"/> runs out.</param>
    /// <param name="optional">Whether the application keeps serving without this dependency.</param>
    /// <param name="timeout">The check's time budget. The default value is <see cref="DefaultCheckTimeout"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="check"/> is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// services.AddSentiMailProbes()
    ///     .AddReadinessCheck("store", (sp, ct) => sp.GetRequiredService&lt;MyDbContext&gt;().Database.CanConnectAsync(ct));
    /// </code>
    /// </example>
    public SentiMailProbesBuilder AddReadinessCheck(
        string name,
        Func<IServiceProvider, CancellationToken, Task<bool>> check,
        bool optional = false,
        TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(check);
        HealthChecks.Add(new HealthCheckRegistration(
            name,
            provider => new DelegateReadinessCheck(provider, check),
            optional ? HealthStatus.Degraded : HealthStatus.Unhealthy,
            [SentiMailProbeTags.Ready],
            timeout ?? DefaultCheckTimeout));
        return this;
    }

    /// <summary>
    /// Adds a readiness check implemented as an <see cref="IHealthCheck"/>, created by the container. When it reports
    /// its registration's failure status, a required check makes readiness fail (503) and an optional one makes it
    /// <see cref="HealthStatus.Degraded"/> (still 200).
    /// </summary>
    /// <typeparam name="TCheck">The check type.</typeparam>
    /// <param name="name">The check's name, shown in the probe's answer. Must be unique among health checks.</param>
    /// <param name="optional">Whether the application keeps serving without this dependency.</param>
    /// <param name="timeout">The check's time budget. The default value is <see cref="DefaultCheckTimeout"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or white space.</exception>
    public SentiMailProbesBuilder AddReadinessCheck<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TCheck>(
        string name,
        bool optional = false,
        TimeSpan? timeout = null)
        where TCheck : class, IHealthCheck
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        HealthChecks.AddCheck<TCheck>(
            name,
            optional ? HealthStatus.Degraded : HealthStatus.Unhealthy,
            [SentiMailProbeTags.Ready],
            timeout ?? DefaultCheckTimeout);
        return this;
    }

    /// <summary>
    /// Adds a step to the warm-up, run in registration order after the engine is built and before the warm-up message
    /// is analysed (for example loading a feed or priming a cache). The startup and readiness probes fail until every
    /// step has completed; a step that throws or outlives <see cref="SentiMailProbeOptions.WarmUpTimeout"/> fails the warm-up.
    /// </summary>
    /// <param name="name">The step's name, shown by the probes when it fails.</param>
    /// <param name="step">The step. It gets the application's services and a token cancelled when the budget runs out
    /// or the application stops.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is <see langword="null"/>.</exception>
    public SentiMailProbesBuilder AddWarmUpStep(string name, Func<IServiceProvider, CancellationToken, Task> step)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(step);
        Services.AddSingleton(new WarmUpStep(name, step));
        return this;
    }
}
