namespace SentiMail.Kubernetes;

/// <summary>
/// The health-check tags that pick which checks each probe runs. A check tagged <see cref="Ready"/> takes part in the
/// readiness probe; <see cref="Live"/> in the liveness probe (keep it for checks of the process itself, never of a
/// dependency); <see cref="Startup"/> in the startup probe. Untagged checks take part in no probe.
/// </summary>
public static class SentiMailProbeTags
{
    /// <summary>The tag of the liveness probe's checks: <c>live</c>.</summary>
    public const string Live = "live";

    /// <summary>The tag of the readiness probe's checks: <c>ready</c>.</summary>
    public const string Ready = "ready";

    /// <summary>The tag of the startup probe's checks: <c>startup</c>.</summary>
    public const string Startup = "startup";
}
