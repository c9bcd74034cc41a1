namespace SentiMail.Authentication.Dkim;

/// <summary>The result of verifying one DKIM signature (RFC 6376 §6.1, RFC 8601 §2.7.1).</summary>
public enum DkimResult
{
    /// <summary>The signature verified.</summary>
    Pass,

    /// <summary>The signature did not verify (body or headers changed, expired).</summary>
    Fail,

    /// <summary>The key could not be fetched for a temporary reason (DNS timeout or server failure).</summary>
    TempError,

    /// <summary>The signature cannot be verified for good: malformed, key missing, revoked or unusable, algorithm refused.</summary>
    PermError,
}
