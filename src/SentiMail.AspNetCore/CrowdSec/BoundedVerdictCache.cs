using System.Collections.Concurrent;
using System.Net;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>
/// Live-mode cache of verdicts per client address, bounded by <see cref="Capacity"/>: when full, expired entries are
/// removed; if it is still nearly full, it is cleared (client addresses are attacker-chosen, so no unbounded growth).
/// </summary>
internal sealed class BoundedVerdictCache(int capacity, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<IPAddress, Entry> _entries = new();
    private readonly Lock _trimLock = new();

    public int Capacity => capacity;

    public int Count => _entries.Count;

    public bool TryGet(IPAddress address, out CrowdSecVerdict verdict)
    {
        if (_entries.TryGetValue(address, out var entry))
        {
            if (entry.ExpiresAt > timeProvider.GetUtcNow())
            {
                verdict = entry.Verdict;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<IPAddress, Entry>(address, entry));
        }

        verdict = default;
        return false;
    }

    public void Set(IPAddress address, CrowdSecVerdict verdict, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        if (_entries.Count >= capacity)
        {
            lock (_trimLock)
            {
                if (_entries.Count >= capacity)
                {
                    foreach (var pair in _entries)
                    {
                        if (pair.Value.ExpiresAt <= now)
                        {
                            _entries.TryRemove(pair);
                        }
                    }

                    if (_entries.Count >= capacity - (capacity / 10))
                    {
                        _entries.Clear();
                    }
                }
            }
        }

        _entries[address] = new Entry(verdict, now + duration);
    }

    private readonly record struct Entry(CrowdSecVerdict Verdict, DateTimeOffset ExpiresAt);
}
