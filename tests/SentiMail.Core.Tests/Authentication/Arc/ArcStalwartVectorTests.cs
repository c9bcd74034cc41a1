using SentiMail.Authentication.Arc;
using SentiMail.Authentication.Dkim;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Authentication.Arc;

/// <summary>The two ARC vectors of stalwart mail-auth (<c>TestData/dkim/dkim-arc-stalwart/arc/</c>), on the real clock as
/// the suite's README says; upstream expects ARC pass and at least one DKIM pass for both.</summary>
public class ArcStalwartVectorTests
{
    [Fact]
    public async Task VerifyAsync_Stalwart001GmailChain_PassesWithTwoOfThreeDkimSignatures()
    {
        // The two ietf.org list signatures pass; the author's stalw.art signature fails because the list changed the
        // body, which is what ARC is for (dkimpy finds the same).
        var (resolver, bytes) = AuthenticationTestData.ReadStalwart("dkim-arc-stalwart/arc/001.txt");
        using var message = AuthenticationTestData.Parse(bytes);
        var locator = new DnsDkimPublicKeyLocator(resolver);

        var arc = await ArcVerification.VerifyAsync(message, locator, CancellationToken.None);
        var dkim = await new DkimVerification(locator, TimeProvider.System).VerifyAsync(message, CancellationToken.None);

        Assert.Equal((ArcResult.Pass, 1), (arc.Result, arc.Instances));
        Assert.Equal(
            ["ietf.org Pass None", "ietf.org Pass None", "stalw.art Fail BodyHashMismatch"],
            dkim.Select(r => $"{r.Domain} {r.Result} {r.Reason}"));
    }

    [Fact]
    public async Task VerifyAsync_Stalwart002Ed25519Seal_Passes()
    {
        // i=1 is sealed with ed25519-sha256, which RFC 8617 does not define for ARC, as it names rsa-sha256 only.
        // MimeKit's ARC verifier accepts the RFC 8463 algorithm there as in DKIM, so the chain passes, as upstream
        // (stalwart) expects, whereas dkimpy fails it as an unknown signature algorithm. SentiMail keeps MimeKit's
        // choice, as TestData/arc/KNOWN-DIFFERENCES.md says.
        var (resolver, bytes) = AuthenticationTestData.ReadStalwart("dkim-arc-stalwart/arc/002.txt");
        using var message = AuthenticationTestData.Parse(bytes);
        var locator = new DnsDkimPublicKeyLocator(resolver);

        var arc = await ArcVerification.VerifyAsync(message, locator, CancellationToken.None);
        var dkim = await new DkimVerification(locator, TimeProvider.System).VerifyAsync(message, CancellationToken.None);

        Assert.Equal((ArcResult.Pass, 2), (arc.Result, arc.Instances));
        Assert.Equal(DkimResult.Pass, Assert.Single(dkim).Result);
    }
}
