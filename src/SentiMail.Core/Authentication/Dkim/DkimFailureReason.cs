namespace SentiMail.Authentication.Dkim;

/// <summary>Why a DKIM signature did not pass.</summary>
public enum DkimFailureReason
{
    /// <summary>It passed.</summary>
    None,

    /// <summary>The body was changed after signing (the <c>bh=</c> hash differs).</summary>
    BodyHashMismatch,

    /// <summary>The signed headers were changed, or the signature was not made with this key.</summary>
    SignatureMismatch,

    /// <summary>The signature's <c>x=</c> expiry is past.</summary>
    Expired,

    /// <summary>No key is published at <c>selector._domainkey.domain</c>.</summary>
    KeyNotFound,

    /// <summary>The published key is empty (<c>p=</c>): revoked.</summary>
    KeyRevoked,

    /// <summary>The RSA key is shorter than 1,024 bits.</summary>
    KeyTooShort,

    /// <summary>The key record cannot be parsed.</summary>
    KeyInvalid,

    /// <summary>The algorithm is unknown or refused (rsa-sha1 is refused by default).</summary>
    UnsupportedAlgorithm,

    /// <summary>The DKIM-Signature header is malformed (a required tag is missing or invalid).</summary>
    MalformedSignature,

    /// <summary>The DNS lookup of the key failed temporarily.</summary>
    DnsError,
}
