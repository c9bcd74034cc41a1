namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>What the bouncer knows about one client address.</summary>
internal enum CrowdSecVerdictKind
{
    /// <summary>No <c>ban</c> decision.</summary>
    Allow = 0,

    /// <summary>A <c>ban</c> decision covers the address.</summary>
    Ban = 1,

    /// <summary>The LAPI could not answer; <see cref="CrowdSecBouncerOptions.FailOpen"/> decides.</summary>
    Unavailable = 2,
}

/// <summary>A verdict with the scenario of the ban, or the reason the LAPI was unavailable.</summary>
internal readonly record struct CrowdSecVerdict(CrowdSecVerdictKind Kind, string? Detail)
{
    public static readonly CrowdSecVerdict Allow = new(CrowdSecVerdictKind.Allow, null);

    public static CrowdSecVerdict Ban(string? scenario) => new(CrowdSecVerdictKind.Ban, scenario);

    public static CrowdSecVerdict Unavailable(string reason) => new(CrowdSecVerdictKind.Unavailable, reason);
}

/// <summary>Gives the verdict for a client address (live queries or the stream snapshot).</summary>
internal interface ICrowdSecDecisionSource
{
    ValueTask<CrowdSecVerdict> CheckAsync(System.Net.IPAddress address, CancellationToken cancellationToken = default);
}
