using System.Collections.Concurrent;

namespace SentiMail.Authentication.Dkim;

/// <summary>
/// Parsed DKIM keys by key name and record, shared across messages. Parsing an RSA key costs milliseconds (BouncyCastle checks
/// the modulus for small factors), far more than verifying a signature, and mail from one sender reuses one key.
/// Bounded: when full, it is emptied and refills with the keys in use.
/// </summary>
internal sealed class DkimKeyCache(int capacity = 1024)
{
    private readonly ConcurrentDictionary<string, KeyLookup> _keys = new(StringComparer.Ordinal);

    public int Count => _keys.Count;

    public KeyLookup GetOrAdd(string name, string record, Func<string, string, KeyLookup> parse)
    {
        var key = name + "\n" + record;
        if (_keys.TryGetValue(key, out var known))
        {
            return known;
        }

        var parsed = parse(name, record);
        if (_keys.Count >= capacity)
        {
            _keys.Clear();
        }

        _keys[key] = parsed;
        return parsed;
    }
}
