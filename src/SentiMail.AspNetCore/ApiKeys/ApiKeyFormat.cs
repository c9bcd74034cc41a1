using System.Buffers.Text;
using System.Security.Cryptography;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>
/// Generates and parses key text <c>sm_&lt;id&gt;_&lt;secret&gt;</c>: the id is 16 lowercase hex characters (64 random
/// bits), the secret 32 random bytes in base64url without padding (43 characters). Parsing never throws.
/// </summary>
internal static class ApiKeyFormat
{
    public const int IdByteCount = 8;
    public const int MinIdLength = 12;
    public const int MaxIdLength = 64;
    public const int SecretByteCount = 32;
    public const int SecretLength = 43;
    public const int MaxKeyLength = 3 + MaxIdLength + 1 + SecretLength;

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdByteCount));

    public static string Format(string id, ReadOnlySpan<byte> secret) =>
        string.Concat(ApiKeyDefaults.KeyPrefix, id, "_", Base64Url.EncodeToString(secret));

    /// <summary>Splits a key into its id and decoded secret; <paramref name="secret"/> must hold <see cref="SecretByteCount"/> bytes.</summary>
    public static bool TryParse(ReadOnlySpan<char> key, out string? id, Span<byte> secret)
    {
        id = null;
        if (key.Length > MaxKeyLength || !key.StartsWith(ApiKeyDefaults.KeyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key[ApiKeyDefaults.KeyPrefix.Length..];
        var separator = rest.IndexOf('_');
        if (separator < MinIdLength || separator > MaxIdLength)
        {
            return false;
        }

        var idPart = rest[..separator];
        foreach (var c in idPart)
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        var secretPart = rest[(separator + 1)..];
        if (secretPart.Length != SecretLength
            || !Base64Url.IsValid(secretPart)
            || Base64Url.DecodeFromChars(secretPart, secret, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != SecretLength
            || written != SecretByteCount)
        {
            return false;
        }

        id = idPart.ToString();
        return true;
    }
}
