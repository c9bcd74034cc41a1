using System.Security.Cryptography;

namespace SentiMail.Host.Encryption;

/// <summary>
/// Seals raw messages with AES-256-GCM. A sealed message is <c>version (1) | nonce (12) | tag (16) | ciphertext</c>;
/// the nonce is random per message and the analysis id is the associated data, so a sealed message copied onto another
/// row does not open. The key id is stored next to it (column <c>RawMessageKeyId</c>) so that keys can rotate.
/// </summary>
internal sealed class RawMessageProtector
{
    /// <summary>The key length: AES-256.</summary>
    public const int KeyLength = 32;

    private const byte FormatVersion = 1;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = 1 + NonceLength + TagLength;

    private readonly Dictionary<string, byte[]> _keys;

    /// <summary>Initializes a new instance of the <see cref="RawMessageProtector"/> class.</summary>
    /// <param name="keys">The known keys by id (32 bytes each).</param>
    /// <param name="activeKeyId">The id of the key that seals new messages; one of <paramref name="keys"/>.</param>
    /// <exception cref="ArgumentException">A key has the wrong length, or the active key is unknown.</exception>
    public RawMessageProtector(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(activeKeyId);
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            if (key.Length != KeyLength)
            {
                throw new ArgumentException($"Encryption key '{id}' is {key.Length} bytes; it must be {KeyLength} bytes (base64 of 32 random bytes).", nameof(keys));
            }

            _keys[id] = key;
        }

        if (!_keys.ContainsKey(activeKeyId))
        {
            throw new ArgumentException($"The active encryption key '{activeKeyId}' is not among the known keys ({string.Join(", ", _keys.Keys)}).", nameof(activeKeyId));
        }

        ActiveKeyId = activeKeyId;
    }

    /// <summary>Gets the id of the key that seals new messages.</summary>
    public string ActiveKeyId { get; }

    /// <summary>Gets the ids of every known key.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>Seals a raw message with the active key.</summary>
    /// <param name="plaintext">The raw message.</param>
    /// <param name="analysisId">The analysis id, bound to the ciphertext as associated data.</param>
    /// <returns>The sealed message and the id of the key used.</returns>
    public (byte[] Sealed, string KeyId) Protect(ReadOnlySpan<byte> plaintext, Guid analysisId)
    {
        var output = new byte[HeaderLength + plaintext.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceLength);
        var tag = output.AsSpan(1 + NonceLength, TagLength);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> associated = stackalloc byte[16];
        WriteAssociatedData(analysisId, associated);
        using var aes = new AesGcm(_keys[ActiveKeyId], TagLength);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderLength), tag, associated);
        return (output, ActiveKeyId);
    }

    /// <summary>Opens a sealed raw message.</summary>
    /// <param name="sealedMessage">The sealed message.</param>
    /// <param name="keyId">The id of the key that sealed it.</param>
    /// <param name="analysisId">The analysis id it was sealed for.</param>
    /// <returns>The raw message.</returns>
    /// <exception cref="RawMessageDecryptionException">The key is unknown, or the key, the data or the analysis id is wrong.</exception>
    public byte[] Unprotect(ReadOnlySpan<byte> sealedMessage, string keyId, Guid analysisId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new RawMessageDecryptionException($"The raw message of analysis {analysisId} was sealed with key '{keyId}', which is not configured (Encryption:Keys).");
        }

        if (sealedMessage.Length < HeaderLength || sealedMessage[0] != FormatVersion)
        {
            throw new RawMessageDecryptionException($"The raw message of analysis {analysisId} is not in a known sealed format.");
        }

        var plaintext = new byte[sealedMessage.Length - HeaderLength];
        Span<byte> associated = stackalloc byte[16];
        WriteAssociatedData(analysisId, associated);
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(sealedMessage.Slice(1, NonceLength), sealedMessage[HeaderLength..], sealedMessage.Slice(1 + NonceLength, TagLength), plaintext, associated);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new RawMessageDecryptionException($"The raw message of analysis {analysisId} does not open with key '{keyId}': wrong key or altered data.", ex);
        }
    }

    private static void WriteAssociatedData(Guid analysisId, Span<byte> destination)
    {
        if (!analysisId.TryWriteBytes(destination, bigEndian: true, out _))
        {
            throw new InvalidOperationException("A GUID is 16 bytes.");
        }
    }
}
