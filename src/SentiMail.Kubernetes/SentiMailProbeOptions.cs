namespace SentiMail.Kubernetes;

/// <summary>Options of the Kubernetes probes and of the drain on shutdown (<c>AddSentiMailProbes</c>).</summary>
/// <remarks>
/// <para>Validated when the host starts (and when <c>MapSentiMailProbes</c> reads them): every invalid value is
/// reported at once.</para>
/// <para>On shutdown the readiness probe fails for <see cref="DrainDelay"/> while the server still serves, then the
/// server stops accepting connections and in-flight requests get <see cref="RequestGracePeriod"/> to finish. The host's
/// <c>HostOptions.ShutdownTimeout</c> is set to the sum of the two; the pod's <c>terminationGracePeriodSeconds</c> must
/// be larger.</para>
/// </remarks>
public sealed class SentiMailProbeOptions
{
    /// <summary>The longest accepted <see cref="DrainDelay"/>: 5 minutes.</summary>
    public static readonly TimeSpan MaxDrainDelay = TimeSpan.FromMinutes(5);

    /// <summary>The longest accepted <see cref="RequestGracePeriod"/>: 10 minutes.</summary>
    public static readonly TimeSpan MaxRequestGracePeriod = TimeSpan.FromMinutes(10);

    /// <summary>The longest accepted <see cref="WarmUpTimeout"/>: 1 hour.</summary>
    public static readonly TimeSpan MaxWarmUpTimeout = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the path of the liveness probe, which answers as long as the process serves requests.</summary>
    /// <value>The default value is <c>/healthz/live</c>. Must start with <c>/</c>, hold no <c>?</c> or <c>#</c>, and differ from the other two paths.</value>
    public string LivenessPath { get; set; } = "/healthz/live";

    /// <summary>Gets or sets the path of the readiness probe: engine warmed up, the application's readiness checks pass, not draining.</summary>
    /// <value>The default value is <c>/healthz/ready</c>. Same rules as <see cref="LivenessPath"/>.</value>
    public string ReadinessPath { get; set; } = "/healthz/ready";

    /// <summary>Gets or sets the path of the startup probe, which fails until the warm-up is done.</summary>
    /// <value>The default value is <c>/healthz/startup</c>. Same rules as <see cref="LivenessPath"/>.</value>
    public string StartupPath { get; set; } = "/healthz/startup";

    /// <summary>
    /// Gets or sets how long the readiness probe answers 503 on shutdown while the server keeps serving, so that load
    /// balancers and Kubernetes endpoints stop sending new requests before the server stops accepting them.
    /// </summary>
    /// <value>The default value is 5 seconds. From zero (no delay) to <see cref="MaxDrainDelay"/>.</value>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long in-flight requests get to finish once the server stops accepting connections (after
    /// <see cref="DrainDelay"/>); requests still running then are aborted.
    /// </summary>
    /// <value>The default value is 20 seconds. From 1 second to <see cref="MaxRequestGracePeriod"/>.</value>
    public TimeSpan RequestGracePeriod { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Gets or sets the time budget of the warm-up (building the engine, the registered warm-up steps and one analysis).
    /// When it runs out, or a step fails, the startup and readiness probes report the failure until the process restarts.
    /// </summary>
    /// <value>The default value is 2 minutes. From 1 second to <see cref="MaxWarmUpTimeout"/>.</value>
    public TimeSpan WarmUpTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets whether, while draining, answers to HTTP/1.x requests carry <c>Connection: close</c>, so that
    /// clients and proxies holding keep-alive connections to this instance reconnect through the load balancer.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool CloseConnectionsWhileDraining { get; set; } = true;

    /// <summary>Lists every problem of these options.</summary>
    /// <returns>The problems, empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckPath(errors, nameof(LivenessPath), LivenessPath);
        CheckPath(errors, nameof(ReadinessPath), ReadinessPath);
        CheckPath(errors, nameof(StartupPath), StartupPath);
        if (SamePath(LivenessPath, ReadinessPath) || SamePath(LivenessPath, StartupPath) || SamePath(ReadinessPath, StartupPath))
        {
            errors.Add($"{nameof(LivenessPath)}, {nameof(ReadinessPath)} and {nameof(StartupPath)} must be three different paths.");
        }

        if (DrainDelay < TimeSpan.Zero || DrainDelay > MaxDrainDelay)
        {
            errors.Add($"{nameof(DrainDelay)} must be between 0 and {MaxDrainDelay} (was {DrainDelay}).");
        }

        if (RequestGracePeriod < TimeSpan.FromSeconds(1) || RequestGracePeriod > MaxRequestGracePeriod)
        {
            errors.Add($"{nameof(RequestGracePeriod)} must be between 00:00:01 and {MaxRequestGracePeriod} (was {RequestGracePeriod}).");
        }

        if (WarmUpTimeout < TimeSpan.FromSeconds(1) || WarmUpTimeout > MaxWarmUpTimeout)
        {
            errors.Add($"{nameof(WarmUpTimeout)} must be between 00:00:01 and {MaxWarmUpTimeout} (was {WarmUpTimeout}).");
        }

        return errors;
    }

    private static void CheckPath(List<string> errors, string name, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{name} is required.");
        }
        else if (path[0] != '/' || path.AsSpan().IndexOfAny('?', '#') >= 0 || path.AsSpan().ContainsAny(" \t\r\n"))
        {
            errors.Add($"{name} must be a path starting with '/' with no query, fragment or white space (was '{path}').");
        }
    }

    private static bool SamePath(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
