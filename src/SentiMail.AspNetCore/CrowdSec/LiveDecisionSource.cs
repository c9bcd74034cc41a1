using System.Net;
using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>Live mode: one <c>GET /v1/decisions?ip=</c> per address, cached for <see cref="CrowdSecBouncerOptions.CacheDuration"/>.</summary>
internal sealed class LiveDecisionSource(CrowdSecLapiClient client, IOptions<CrowdSecBouncerOptions> options, TimeProvider timeProvider)
    : ICrowdSecDecisionSource
{
    private readonly BoundedVerdictCache _cache = new(options.Value.CacheSize, timeProvider);

    internal BoundedVerdictCache Cache => _cache;

    public async ValueTask<CrowdSecVerdict> CheckAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGet(address, out var cached))
        {
            return cached;
        }

        var outcome = await client.GetDecisionsAsync(address, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            return CrowdSecVerdict.Unavailable(outcome.Error!);
        }

        var verdict = CrowdSecVerdict.Allow;
        if (outcome.Value is { } decisions)
        {
            foreach (var decision in decisions)
            {
                // The LAPI already matched Ip and Range scopes against the address; only the remedy matters here.
                if (decision is not null && IsBan(decision))
                {
                    verdict = CrowdSecVerdict.Ban(decision.Scenario);
                    break;
                }
            }
        }

        _cache.Set(address, verdict, options.Value.CacheDuration);
        return verdict;
    }

    internal static bool IsBan(LapiDecision decision) => string.Equals(decision.Type, "ban", StringComparison.OrdinalIgnoreCase);
}
