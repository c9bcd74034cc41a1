using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>
/// Stream mode: the <c>ban</c> decisions pulled from <c>/v1/decisions/stream</c>, by decision id, published as an
/// immutable snapshot (a set of addresses and a list of CIDR ranges) that requests read without locking. Written only
/// by <see cref="CrowdSecStreamService"/>.
/// </summary>
internal sealed class CrowdSecDecisionStore(IOptions<CrowdSecBouncerOptions> options, TimeProvider timeProvider) : ICrowdSecDecisionSource
{
    private readonly Dictionary<long, Ban> _bans = [];
    private volatile Snapshot? _snapshot;

    /// <summary>Gets the number of ban decisions held.</summary>
    public int Count => _snapshot?.Count ?? 0;

    /// <summary>Gets the time of the last successful pull, or <see langword="null"/> before the first one.</summary>
    public DateTimeOffset? LastSuccess => _snapshot?.PulledAt;

    public ValueTask<CrowdSecVerdict> CheckAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        var snapshot = _snapshot;
        if (snapshot is null)
        {
            return ValueTask.FromResult(CrowdSecVerdict.Unavailable("no decision stream pulled yet"));
        }

        if (snapshot.Find(address) is { } ban)
        {
            return ValueTask.FromResult(CrowdSecVerdict.Ban(ban.Scenario));
        }

        // Known bans stay enforced while the LAPI is away; an unknown address is only "allowed" if the data is fresh.
        var staleAfter = (options.Value.StreamInterval * 3) + options.Value.StreamRequestTimeout;
        return timeProvider.GetUtcNow() - snapshot.PulledAt > staleAfter
            ? ValueTask.FromResult(CrowdSecVerdict.Unavailable("decision stream stale since " + snapshot.PulledAt.ToString("O", CultureInfo.InvariantCulture)))
            : ValueTask.FromResult(CrowdSecVerdict.Allow);
    }

    /// <summary>Applies one pull: a startup pull replaces everything. Returns how many new decisions were ignored (limit).</summary>
    public int Apply(LapiDecisionStream? stream, bool startup)
    {
        if (startup)
        {
            _bans.Clear();
        }

        foreach (var decision in stream?.Deleted ?? [])
        {
            if (decision is not null)
            {
                _bans.Remove(decision.Id);
            }
        }

        var ignored = 0;
        var max = options.Value.MaxStreamDecisions;
        foreach (var decision in stream?.New ?? [])
        {
            if (decision is null || !LiveDecisionSource.IsBan(decision) || !TryParseTarget(decision, out var target))
            {
                continue;
            }

            if (_bans.Count >= max && !_bans.ContainsKey(decision.Id))
            {
                ignored++;
                continue;
            }

            _bans[decision.Id] = new Ban(target, decision.Scenario);
        }

        _snapshot = new Snapshot(_bans.Values, timeProvider.GetUtcNow());
        return ignored;
    }

    internal static bool TryParseTarget(LapiDecision decision, out IPNetwork target)
    {
        target = default;
        var value = decision.Value;
        if (value is null)
        {
            return false;
        }

        if (string.Equals(decision.Scope, "Ip", StringComparison.OrdinalIgnoreCase))
        {
            if (!IPAddress.TryParse(value, out var address))
            {
                return false;
            }

            address = Normalize(address);
            target = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return string.Equals(decision.Scope, "Range", StringComparison.OrdinalIgnoreCase) && TryParseRange(value, out target);
    }

    /// <summary>Parses a CIDR range, tolerating host bits after the prefix (masked away).</summary>
    internal static bool TryParseRange(string value, out IPNetwork range)
    {
        range = default;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !IPAddress.TryParse(value.AsSpan(0, slash), out var address)
            || !int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }

        address = Normalize(address);
        var bytes = address.GetAddressBytes();
        if (prefix > bytes.Length * 8)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        range = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }

    /// <summary>Maps IPv4-mapped IPv6 addresses (<c>::ffff:a.b.c.d</c>, as dual-stack sockets report them) to IPv4.</summary>
    internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private sealed record Ban(IPNetwork Target, string? Scenario);

    private sealed class Snapshot
    {
        private readonly Dictionary<IPAddress, Ban> _addresses = [];
        private readonly List<Ban> _ranges = [];

        public Snapshot(IEnumerable<Ban> bans, DateTimeOffset pulledAt)
        {
            PulledAt = pulledAt;
            foreach (var ban in bans)
            {
                Count++;
                var single = ban.Target.PrefixLength == (ban.Target.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
                if (single)
                {
                    _addresses.TryAdd(ban.Target.BaseAddress, ban);
                }
                else
                {
                    _ranges.Add(ban);
                }
            }
        }

        public DateTimeOffset PulledAt { get; }

        public int Count { get; }

        public Ban? Find(IPAddress address)
        {
            if (_addresses.TryGetValue(address, out var ban))
            {
                return ban;
            }

            foreach (var range in _ranges)
            {
                if (range.Target.Contains(address))
                {
                    return range;
                }
            }

            return null;
        }
    }
}
