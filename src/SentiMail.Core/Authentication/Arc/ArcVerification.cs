using MimeKit;
using MimeKit.Cryptography;
using SentiMail.Authentication.Dkim;

namespace SentiMail.Authentication.Arc;

/// <summary>Validates the ARC chain of a message with MimeKit's ARC verifier and the DNS key locator.</summary>
internal static class ArcVerification
{
    public static async Task<ArcChainResult> VerifyAsync(MimeMessage message, DnsDkimPublicKeyLocator locator, CancellationToken cancellationToken)
    {
        var instances = message.Headers.Count(h => h.Id == HeaderId.ArcSeal);
        if (!message.Headers.Any(h => h.Id is HeaderId.ArcSeal or HeaderId.ArcMessageSignature or HeaderId.ArcAuthenticationResults))
        {
            return new ArcChainResult(ArcResult.None, 0, "the message has no ARC sets");
        }

        if (message.Headers.Any(h => h.Id == HeaderId.ArcMessageSignature && SignsArcSeal(h)))
        {
            return new ArcChainResult(ArcResult.Fail, instances, "an ARC message signature signs ARC-Seal, which RFC 8617 forbids");
        }

        var verifier = new ArcVerifier(locator) { MinimumRsaKeyLength = 1024 };
        ArcValidationResult result;
        try
        {
            result = await verifier.VerifyAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (DkimKeyException ex)
        {
            return new ArcChainResult(ArcResult.Fail, instances, "an ARC key could not be used: " + ex.Lookup.Detail);
        }
        catch (FormatException ex)
        {
            return new ArcChainResult(ArcResult.Fail, instances, "an ARC header is malformed: " + ex.Message);
        }

        return result.Chain switch
        {
            ArcSignatureValidationResult.Pass => new ArcChainResult(ArcResult.Pass, instances, $"the ARC chain of {instances} set(s) is intact"),
            ArcSignatureValidationResult.None => new ArcChainResult(ArcResult.None, instances, "the ARC headers do not form a chain"),
            _ => new ArcChainResult(ArcResult.Fail, instances, Describe(result)),
        };
    }

    private static bool SignsArcSeal(Header header) =>
        DkimVerification.ParseTags(header.Value).TryGetValue("h", out var signed)
        && signed.Split(':').Any(name => name.Trim().Equals("arc-seal", StringComparison.OrdinalIgnoreCase));

    private static string Describe(ArcValidationResult result)
    {
        var failedSeals = result.Seals?.Count(s => s.Signature != ArcSignatureValidationResult.Pass) ?? 0;
        var ams = result.MessageSignature?.Signature;
        return ams is not null and not ArcSignatureValidationResult.Pass
            ? "the latest ARC message signature does not verify (the message changed after it was sealed)"
            : failedSeals > 0 ? $"{failedSeals} ARC seal(s) do not verify" : "the ARC chain is broken";
    }
}
