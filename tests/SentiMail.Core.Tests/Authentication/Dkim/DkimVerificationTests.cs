using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using SentiMail.Authentication.Dkim;
using SentiMail.Dns;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Authentication.Dkim;

/// <summary>Messages signed by MimeKit's <see cref="DkimSigner"/> with keys the tests generate, then verified as they
/// arrive, untouched or tampered with: each failure comes out with its result and reason.</summary>
public class DkimVerificationTests
{
    [Theory]
    [InlineData(DkimCanonicalizationAlgorithm.Relaxed, "c=relaxed/relaxed")]
    [InlineData(DkimCanonicalizationAlgorithm.Simple, "c=simple/simple")]
    public async Task VerifyAsync_Untouched_Passes(DkimCanonicalizationAlgorithm canonicalization, string tag)
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048, canonicalization));

        var result = Assert.Single(await VerifyAsync(bytes, DkimTestKeys.Publish(DkimTestKeys.Rsa2048)));

        Assert.Contains(tag, System.Text.Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal((DkimResult.Pass, DkimFailureReason.None), (result.Result, result.Reason));
        Assert.Equal((DkimTestKeys.Domain, DkimTestKeys.Selector, "rsa-sha256", 2048), (result.Domain, result.Selector, result.Algorithm, result.KeyBits ?? 0));
    }

    [Theory]
    [InlineData(DkimCanonicalizationAlgorithm.Relaxed)]
    [InlineData(DkimCanonicalizationAlgorithm.Simple)]
    public async Task VerifyAsync_BodyChanged_FailsWithBodyHashMismatch(DkimCanonicalizationAlgorithm canonicalization)
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048, canonicalization));
        var tampered = DkimTestKeys.Replace(bytes, "invoice  of  March", "invoice  of  April");

        var result = Assert.Single(await VerifyAsync(tampered, DkimTestKeys.Publish(DkimTestKeys.Rsa2048)));

        Assert.Equal((DkimResult.Fail, DkimFailureReason.BodyHashMismatch), (result.Result, result.Reason));
    }

    [Theory]
    [InlineData(DkimCanonicalizationAlgorithm.Relaxed)]
    [InlineData(DkimCanonicalizationAlgorithm.Simple)]
    public async Task VerifyAsync_SignedSubjectChanged_FailsWithSignatureMismatch(DkimCanonicalizationAlgorithm canonicalization)
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048, canonicalization));
        var tampered = DkimTestKeys.Replace(bytes, "Subject: Your invoice", "Subject: Your overdue invoice");

        var result = Assert.Single(await VerifyAsync(tampered, DkimTestKeys.Publish(DkimTestKeys.Rsa2048)));

        Assert.Equal((DkimResult.Fail, DkimFailureReason.SignatureMismatch), (result.Result, result.Reason));
    }

    [Fact]
    public async Task VerifyAsync_RelaxedWhitespaceChangedInBody_StillPasses()
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048));
        var reflowed = DkimTestKeys.Replace(bytes, "invoice  of  March", "invoice \t of March");

        var result = Assert.Single(await VerifyAsync(reflowed, DkimTestKeys.Publish(DkimTestKeys.Rsa2048)));

        Assert.Equal(DkimResult.Pass, result.Result);
    }

    [Fact]
    public async Task VerifyAsync_UnsignedHeaderAdded_StillPasses()
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048));
        var relayed = DkimTestKeys.Replace(bytes, "From: ", "X-Relayed-By: mx.receiver.example\r\nFrom: ");

        var result = Assert.Single(await VerifyAsync(relayed, DkimTestKeys.Publish(DkimTestKeys.Rsa2048)));

        Assert.Equal(DkimResult.Pass, result.Result);
    }

    [Fact]
    public async Task VerifyAsync_KeyNotPublished_PermErrorKeyNotFound()
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048));

        var result = Assert.Single(await VerifyAsync(bytes, new InMemoryDnsResolver()));

        Assert.Equal((DkimResult.PermError, DkimFailureReason.KeyNotFound), (result.Result, result.Reason));
    }

    [Fact]
    public async Task VerifyAsync_NameWithoutKeyRecord_PermErrorKeyNotFound()
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048));
        var resolver = new InMemoryDnsResolver().AddTxt($"{DkimTestKeys.Selector}._domainkey.{DkimTestKeys.Domain}", "v=spf1 -all");

        var result = Assert.Single(await VerifyAsync(bytes, resolver));

        Assert.Equal((DkimResult.PermError, DkimFailureReason.KeyNotFound), (result.Result, result.Reason));
    }

    [Fact]
    public async Task VerifyAsync_EmptyP_PermErrorKeyRevoked()
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048));
        var resolver = new InMemoryDnsResolver().AddTxt($"{DkimTestKeys.Selector}._domainkey.{DkimTestKeys.Domain}", "v=DKIM1; k=rsa; p=");

        var result = Assert.Single(await VerifyAsync(bytes, resolver));

        Assert.Equal((DkimResult.PermError, DkimFailureReason.KeyRevoked), (result.Result, result.Reason));
    }

    [Fact]
    public async Task VerifyAsync_UnparsableKey_PermErrorKeyInvalid()
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048));
        var resolver = new InMemoryDnsResolver().AddTxt($"{DkimTestKeys.Selector}._domainkey.{DkimTestKeys.Domain}", "v=DKIM1; k=rsa; p=bm90IGEga2V5");

        var result = Assert.Single(await VerifyAsync(bytes, resolver));

        Assert.Equal((DkimResult.PermError, DkimFailureReason.KeyInvalid), (result.Result, result.Reason));
    }

    [Fact]
    public async Task VerifyAsync_OtherKeyPublished_FailsWithSignatureMismatch()
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048));
        var other = DkimTestKeys.Rsa2048Other;

        var result = Assert.Single(await VerifyAsync(bytes, DkimTestKeys.Publish(other)));

        Assert.Equal((DkimResult.Fail, DkimFailureReason.SignatureMismatch), (result.Result, result.Reason));
    }

    [Fact]
    public async Task VerifyAsync_512BitKey_PermErrorKeyTooShort()
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa512));

        var result = Assert.Single(await VerifyAsync(bytes, DkimTestKeys.Publish(DkimTestKeys.Rsa512)));

        Assert.Equal((DkimResult.PermError, DkimFailureReason.KeyTooShort), (result.Result, result.Reason));
        Assert.Equal(512, result.KeyBits);
    }

    [Fact]
    public async Task VerifyAsync_RsaSha1_PermErrorUnsupportedAlgorithm()
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048, algorithm: DkimSignatureAlgorithm.RsaSha1));

        var result = Assert.Single(await VerifyAsync(bytes, DkimTestKeys.Publish(DkimTestKeys.Rsa2048)));

        Assert.Equal((DkimResult.PermError, DkimFailureReason.UnsupportedAlgorithm, "rsa-sha1"), (result.Result, result.Reason, result.Algorithm));
    }

    [Theory]
    [InlineData("d")]
    [InlineData("s")]
    [InlineData("bh")]
    [InlineData("b")]
    [InlineData("h")]
    public async Task VerifyAsync_RequiredTagMissing_PermErrorMalformedSignature(string tag)
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048));
        using var message = AuthenticationTestData.Parse(bytes);
        var index = message.Headers.IndexOf(HeaderId.DkimSignature);
        var kept = message.Headers[index].Value.Split(';').Where(p => p.Split('=', 2)[0].Trim() != tag);
        message.Headers[index] = new Header(HeaderId.DkimSignature, string.Join(';', kept));

        var result = Assert.Single(await VerifyAsync(DkimTestKeys.ToBytes(message), DkimTestKeys.Publish(DkimTestKeys.Rsa2048)));

        Assert.Equal((DkimResult.PermError, DkimFailureReason.MalformedSignature), (result.Result, result.Reason));
        Assert.Contains($"{tag}=", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DnsStatus.Timeout)]
    [InlineData(DnsStatus.ServerFailure)]
    public async Task VerifyAsync_KeyLookupFailsTemporarily_TempErrorDnsError(DnsStatus status)
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048));
        var resolver = DkimTestKeys.Publish(DkimTestKeys.Rsa2048).Fail($"{DkimTestKeys.Selector}._domainkey.{DkimTestKeys.Domain}", status);

        var result = Assert.Single(await VerifyAsync(bytes, resolver));

        Assert.Equal((DkimResult.TempError, DkimFailureReason.DnsError), (result.Result, result.Reason));
    }

    [Fact]
    public async Task VerifyAsync_ExpiryInThePast_FailsExpired()
    {
        var signer = new BackdatedSigner(DkimTestKeys.Rsa2048, signedAt: 1_600_000_000) { SignaturesExpireAfter = TimeSpan.FromDays(7) };
        var bytes = DkimTestKeys.SignedBytes(signer);

        var result = Assert.Single(await VerifyAsync(bytes, DkimTestKeys.Publish(DkimTestKeys.Rsa2048)));

        Assert.Contains("x=1600604800", System.Text.Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal((DkimResult.Fail, DkimFailureReason.Expired), (result.Result, result.Reason));
    }

    [Fact]
    public async Task VerifyAsync_ExpiryInTheFuture_Passes()
    {
        var signer = new BackdatedSigner(DkimTestKeys.Rsa2048, signedAt: 1_600_000_000) { SignaturesExpireAfter = TimeSpan.FromDays(7) };
        var bytes = DkimTestKeys.SignedBytes(signer);
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_600_000_000 + 3600));

        var result = Assert.Single(await VerifyAsync(bytes, DkimTestKeys.Publish(DkimTestKeys.Rsa2048), clock));

        Assert.Equal(DkimResult.Pass, result.Result);
    }

    [Fact]
    public async Task VerifyAsync_ElevenSignatures_VerifiesTheFirstTen()
    {
        var bytes = DkimTestKeys.SignedBytes(DkimTestKeys.Signer(DkimTestKeys.Rsa2048), signatures: 11);
        using (var parsed = AuthenticationTestData.Parse(bytes))
        {
            Assert.Equal(11, parsed.Headers.Count(h => h.Id == HeaderId.DkimSignature));
        }

        var resolver = DkimTestKeys.Publish(DkimTestKeys.Rsa2048);
        var results = await VerifyAsync(bytes, resolver);

        Assert.Equal(DkimVerification.MaxSignatures, results.Count);
        Assert.All(results, r => Assert.Equal(DkimResult.Pass, r.Result));
        Assert.Equal(1, resolver.QueryCount);
    }

    [Fact]
    public async Task VerifyAsync_NoSignature_ReturnsNoResult()
    {
        using var message = DkimTestKeys.NewMessage();

        Assert.Empty(await VerifyAsync(DkimTestKeys.ToBytes(message), new InMemoryDnsResolver()));
    }

    [Fact]
    public async Task VerifyAsync_TwoSignaturesOneKeyMissing_EachHasItsOwnResult()
    {
        using var message = DkimTestKeys.NewMessage();
        DkimTestKeys.Signer(DkimTestKeys.Rsa2048, selector: "gone").Sign(message, DkimTestKeys.SignedHeaders);
        DkimTestKeys.Signer(DkimTestKeys.Rsa2048).Sign(message, DkimTestKeys.SignedHeaders);

        var results = await VerifyAsync(DkimTestKeys.ToBytes(message), DkimTestKeys.Publish(DkimTestKeys.Rsa2048));

        Assert.Collection(
            results,
            first => Assert.Equal((DkimResult.Pass, DkimTestKeys.Selector), (first.Result, first.Selector)),
            second => Assert.Equal((DkimResult.PermError, DkimFailureReason.KeyNotFound, "gone"), (second.Result, second.Reason, second.Selector)));
    }

    private static async Task<IReadOnlyList<DkimSignatureResult>> VerifyAsync(byte[] bytes, InMemoryDnsResolver resolver, TimeProvider? clock = null)
    {
        using var message = AuthenticationTestData.Parse(bytes);
        var locator = new DnsDkimPublicKeyLocator(resolver);
        return await new DkimVerification(locator, clock ?? TimeProvider.System).VerifyAsync(message, CancellationToken.None);
    }

    /// <summary>A signer whose <c>t=</c> (and so <c>x=</c>) is a fixed time in the past.</summary>
    private sealed class BackdatedSigner(AsymmetricCipherKeyPair pair, long signedAt)
        : DkimSigner(pair.Private, DkimTestKeys.Domain, DkimTestKeys.Selector)
    {
        protected override long GetTimestamp() => signedAt;
    }
}
