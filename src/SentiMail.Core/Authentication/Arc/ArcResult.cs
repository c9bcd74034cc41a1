namespace SentiMail.Authentication.Arc;

/// <summary>The ARC chain validation result (RFC 8617 §5.2, the <c>cv</c> value).</summary>
public enum ArcResult
{
    /// <summary>The message has no ARC sets.</summary>
    None,

    /// <summary>Every ARC set verifies and the chain is intact.</summary>
    Pass,

    /// <summary>The chain is broken, a seal or message signature does not verify, or a sealer already said <c>cv=fail</c>.</summary>
    Fail,
}
