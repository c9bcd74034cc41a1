using System.Security.Cryptography;
using System.Text;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>Hashes secrets (SHA-256, or HMAC-SHA-256 with the pepper) and compares hashes in constant time.</summary>
internal sealed class ApiKeySecretHasher
{
    public const int HashLength = 32;

    private readonly byte[]? _pepper;
    private long _comparisons;

    public ApiKeySecretHasher(string? pepper)
    {
        _pepper = pepper is null ? null : Encoding.UTF8.GetBytes(pepper);
    }

    /// <summary>Gets how many hash comparisons ran; tests check that unknown ids take the same path.</summary>
    public long Comparisons => Interlocked.Read(ref _comparisons);

    public byte[] Hash(ReadOnlySpan<byte> secret)
    {
        var hash = new byte[HashLength];
        Hash(secret, hash);
        return hash;
    }

    /// <summary>Hashes <paramref name="secret"/> and compares it with <paramref name="expected"/> in constant time.</summary>
    public bool Matches(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> expected)
    {
        Span<byte> actual = stackalloc byte[HashLength];
        Hash(secret, actual);
        Interlocked.Increment(ref _comparisons);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private void Hash(ReadOnlySpan<byte> secret, Span<byte> destination)
    {
        if (_pepper is null)
        {
            SHA256.HashData(secret, destination);
        }
        else
        {
            HMACSHA256.HashData(_pepper, secret, destination);
        }
    }
}
