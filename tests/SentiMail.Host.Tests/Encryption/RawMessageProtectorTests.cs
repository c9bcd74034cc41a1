using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentiMail.Host.Encryption;

namespace SentiMail.Host.Tests.Encryption;

public sealed class RawMessageProtectorTests
{
    private static readonly byte[] s_message = "From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n"u8.ToArray();

    private static RawMessageProtector Protector(string activeId, params (string Id, byte[] Key)[] keys) =>
        new(keys.ToDictionary(k => k.Id, k => k.Key), activeId);

    [Fact]
    public void Protect_Unprotect_RoundTrips_WithARandomNoncePerMessage()
    {
        var protector = Protector("k1", ("k1", RandomNumberGenerator.GetBytes(32)));
        var id = Guid.NewGuid();

        var (first, keyId) = protector.Protect(s_message, id);
        var (second, _) = protector.Protect(s_message, id);

        Assert.Equal("k1", keyId);
        Assert.NotEqual(first, second);
        Assert.Equal(s_message, protector.Unprotect(first, "k1", id));
        Assert.Equal(s_message, protector.Unprotect(second, "k1", id));
    }

    [Fact]
    public void Unprotect_WithTheWrongKey_FailsCleanly()
    {
        var id = Guid.NewGuid();
        var (sealedMessage, _) = Protector("k1", ("k1", RandomNumberGenerator.GetBytes(32))).Protect(s_message, id);
        var impostor = Protector("k1", ("k1", RandomNumberGenerator.GetBytes(32)));

        var ex = Assert.Throws<RawMessageDecryptionException>(() => impostor.Unprotect(sealedMessage, "k1", id));
        Assert.Contains("wrong key or altered data", ex.Message, StringComparison.Ordinal);
        Assert.IsType<AuthenticationTagMismatchException>(ex.InnerException);
    }

    [Fact]
    public void Unprotect_UnknownKeyId_TamperedData_OrAnotherRow_FailCleanly()
    {
        var protector = Protector("k1", ("k1", RandomNumberGenerator.GetBytes(32)));
        var id = Guid.NewGuid();
        var (sealedMessage, _) = protector.Protect(s_message, id);

        Assert.Contains("not configured", Assert.Throws<RawMessageDecryptionException>(() => protector.Unprotect(sealedMessage, "k0", id)).Message, StringComparison.Ordinal);
        Assert.Throws<RawMessageDecryptionException>(() => protector.Unprotect(sealedMessage, "k1", Guid.NewGuid()));
        var tampered = (byte[])sealedMessage.Clone();
        tampered[^1] ^= 1;
        Assert.Throws<RawMessageDecryptionException>(() => protector.Unprotect(tampered, "k1", id));
        Assert.Throws<RawMessageDecryptionException>(() => protector.Unprotect(sealedMessage.AsSpan(0, 10), "k1", id));
    }

    [Fact]
    public void Rotation_NewMessagesUseTheActiveKey_OldOnesStillOpen()
    {
        var k1 = RandomNumberGenerator.GetBytes(32);
        var k2 = RandomNumberGenerator.GetBytes(32);
        var id = Guid.NewGuid();
        var (old, oldKeyId) = Protector("k1", ("k1", k1)).Protect(s_message, id);

        var rotated = Protector("k2", ("k1", k1), ("k2", k2));
        var (fresh, freshKeyId) = rotated.Protect(s_message, id);

        Assert.Equal("k1", oldKeyId);
        Assert.Equal("k2", freshKeyId);
        Assert.Equal(s_message, rotated.Unprotect(old, oldKeyId, id));
        Assert.Equal(s_message, rotated.Unprotect(fresh, freshKeyId, id));
    }

    [Fact]
    public void KeyRing_RejectsMalformedKeysAndAnUnknownActiveKey()
    {
        var dir = Directory.CreateTempSubdirectory("sentimail-keys-").FullName;
        try
        {
            var shortKey = new RawMessageEncryptionOptions();
            shortKey.Keys["k1"] = Convert.ToBase64String(new byte[16]);
            Assert.Contains("exactly 32 bytes", Assert.Throws<OptionsValidationException>(() => Load(shortKey, dir)).Message, StringComparison.Ordinal);

            var badId = new RawMessageEncryptionOptions();
            badId.Keys["../k"] = Convert.ToBase64String(new byte[32]);
            Assert.Throws<OptionsValidationException>(() => Load(badId, dir));

            var unknownActive = new RawMessageEncryptionOptions { ActiveKeyId = "k9" };
            unknownActive.Keys["k1"] = Convert.ToBase64String(new byte[32]);
            Assert.Contains("k9", Assert.Throws<OptionsValidationException>(() => Load(unknownActive, dir)).Message, StringComparison.Ordinal);

            var noGeneration = new RawMessageEncryptionOptions { GenerateKeyIfMissing = false };
            Assert.Throws<OptionsValidationException>(() => Load(noGeneration, dir));
            Assert.False(Directory.Exists(Path.Combine(dir, "keys")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void KeyRing_GeneratesAKeyOnce_ThenReusesIt()
    {
        var dir = Directory.CreateTempSubdirectory("sentimail-keys-").FullName;
        try
        {
            var first = Load(new RawMessageEncryptionOptions(), dir);
            var second = Load(new RawMessageEncryptionOptions(), dir);

            Assert.Equal(first.ActiveKeyId, second.ActiveKeyId);
            var id = Guid.NewGuid();
            var (sealedMessage, keyId) = first.Protect(s_message, id);
            Assert.Equal(s_message, second.Unprotect(sealedMessage, keyId, id));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static RawMessageProtector Load(RawMessageEncryptionOptions options, string dir) =>
        RawMessageKeyRing.Load(options, dir, TimeProvider.System, NullLogger.Instance);
}
