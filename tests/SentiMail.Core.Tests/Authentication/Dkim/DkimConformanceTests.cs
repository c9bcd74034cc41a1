using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SentiMail.Authentication.Dkim;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Authentication.Dkim;

/// <summary>
/// The DKIM verification vectors of MimeKit and of stalwart mail-auth (<c>TestData/dkim/</c>, copied byte for byte
/// with their licences): every DKIM-Signature of every message must pass. Differences from upstream are listed, with
/// their reason, in <c>TestData/dkim/KNOWN-DIFFERENCES.md</c>; the tests assert the documented outcome.
/// </summary>
public class DkimConformanceTests
{
    /// <summary>stalwart's <c>dkim/005.txt</c> signature: <c>t=1667843664</c>, <c>x=1667930064</c>.</summary>
    private const long Stalwart005SignedAt = 1667843664;
    private const long Stalwart005ExpiresAt = 1667930064;

    public static TheoryData<string, int> Signatures
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var file in SuiteFiles())
            {
                var (_, bytes) = AuthenticationTestData.ReadDkimSuiteFile(file);
                using var message = AuthenticationTestData.Parse(bytes);
                var count = message.Headers.Count(h => h.Id == HeaderId.DkimSignature);
                for (var i = 0; i < count; i++)
                {
                    data.Add(file, i);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Suites_TestData_HoldsEveryCopiedSignature()
    {
        var rows = Signatures.Select(r => (string)r[0]).ToList();

        Assert.Equal(5, rows.Count(f => f.StartsWith("dkim-mimekit/", StringComparison.Ordinal)));
        Assert.Equal(8, rows.Count(f => f.StartsWith("dkim-arc-stalwart/", StringComparison.Ordinal)));
        foreach (var licence in new[] { "dkim-mimekit/LICENSE", "dkim-arc-stalwart/LICENSES/MIT.txt", "dkim-arc-stalwart/LICENSES/Apache-2.0.txt", "dkim-mimekit/SOURCE.md", "dkim-arc-stalwart/SOURCE.md", "KNOWN-DIFFERENCES.md" })
        {
            Assert.True(File.Exists(AuthenticationTestData.DkimFile(licence)), licence);
        }
    }

    [Theory]
    [MemberData(nameof(Signatures))]
    public async Task VerifyAsync_SuiteSignature_Passes(string file, int index)
    {
        var results = await VerifyAsync(file, ClockFor(file));

        var result = results[index];
        Assert.True(result.Result == DkimResult.Pass, $"{file} #{index}: {result.Result}/{result.Reason}: {result.Detail}");
        Assert.Equal(DkimFailureReason.None, result.Reason);
    }

    [Theory]
    [InlineData("dkim-mimekit/rfc8463-example.msg")]
    [InlineData("dkim-arc-stalwart/dkim/001.txt")]
    public async Task VerifyAsync_Rfc8463Example_Ed25519AndRsaBothPass(string file)
    {
        var results = await VerifyAsync(file, TimeProvider.System);

        Assert.Collection(
            results,
            ed => Assert.Equal((DkimResult.Pass, "ed25519-sha256", 256), (ed.Result, ed.Algorithm, ed.KeyBits ?? 0)),
            rsa => Assert.Equal((DkimResult.Pass, "rsa-sha256", 1024), (rsa.Result, rsa.Algorithm, rsa.KeyBits ?? 0)));
    }

    [Fact]
    public async Task VerifyAsync_Stalwart005WithRealClock_IsExpired()
    {
        var results = await VerifyAsync("dkim-arc-stalwart/dkim/005.txt", TimeProvider.System);

        var result = Assert.Single(results);
        Assert.Equal((DkimResult.Fail, DkimFailureReason.Expired), (result.Result, result.Reason));
    }

    [Theory]
    [InlineData(Stalwart005SignedAt, DkimResult.Pass)]
    [InlineData(Stalwart005ExpiresAt, DkimResult.Pass)]
    [InlineData(Stalwart005ExpiresAt + 1, DkimResult.Fail)]
    public async Task VerifyAsync_Stalwart005AroundExpiry_PassesUntilXThenExpires(long now, DkimResult expected)
    {
        var results = await VerifyAsync("dkim-arc-stalwart/dkim/005.txt", new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now)));

        Assert.Equal(expected, Assert.Single(results).Result);
    }

    [Fact]
    public async Task VerifyAsync_Stalwart002BarePkcs1Key_PassesWith1024Bits()
    {
        // The key record's p= is a bare PKCS#1 RSAPublicKey (MIGJAoGB...), the form RFC 6376 §3.6.1 literally names,
        // instead of the usual SubjectPublicKeyInfo (MIGfMA0G...).
        var results = await VerifyAsync("dkim-arc-stalwart/dkim/002.txt", TimeProvider.System);

        var result = Assert.Single(results);
        Assert.Equal((DkimResult.Pass, 1024), (result.Result, result.KeyBits ?? 0));
    }

    /// <summary>The clock for a suite file: stalwart's 005 is pinned between its t= and x= (upstream pins it at t=);
    /// every other file runs on the real clock (none has x=).</summary>
    private static TimeProvider ClockFor(string file) =>
        file == "dkim-arc-stalwart/dkim/005.txt"
            ? new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Stalwart005SignedAt + 3600))
            : TimeProvider.System;

    private static async Task<IReadOnlyList<DkimSignatureResult>> VerifyAsync(string file, TimeProvider clock)
    {
        var (resolver, bytes) = AuthenticationTestData.ReadDkimSuiteFile(file);
        using var message = AuthenticationTestData.Parse(bytes);
        var locator = new DnsDkimPublicKeyLocator(resolver);
        return await new DkimVerification(locator, clock).VerifyAsync(message, CancellationToken.None);
    }

    private static IEnumerable<string> SuiteFiles()
    {
        var mimekit = Directory.GetFiles(AuthenticationTestData.DkimFile("dkim-mimekit"), "*.msg").Select(p => "dkim-mimekit/" + Path.GetFileName(p));
        var stalwart = Directory.GetFiles(AuthenticationTestData.DkimFile("dkim-arc-stalwart/dkim"), "*.txt").Select(p => "dkim-arc-stalwart/dkim/" + Path.GetFileName(p));
        return mimekit.Concat(stalwart).Order(StringComparer.Ordinal);
    }
}
