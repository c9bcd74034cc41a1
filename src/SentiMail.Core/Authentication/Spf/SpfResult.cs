namespace SentiMail.Authentication.Spf;

/// <summary>The result of an SPF check, as defined by RFC 7208 §2.6.</summary>
public enum SpfResult
{
    /// <summary>No SPF record was found, or the domain was not a usable domain name: no statement is made (§2.6.1).</summary>
    None,

    /// <summary>The domain owner explicitly states nothing about the client (<c>?</c>, or no mechanism matched; §2.6.2).</summary>
    Neutral,

    /// <summary>The client is authorized to use the domain in the checked identity (§2.6.3).</summary>
    Pass,

    /// <summary>The client is explicitly not authorized to use the domain (§2.6.4).</summary>
    Fail,

    /// <summary>The client is probably not authorized, a weak statement (§2.6.5).</summary>
    SoftFail,

    /// <summary>A transient error, most often a DNS server failure or timeout: retrying later may succeed (§2.6.6).</summary>
    TempError,

    /// <summary>The domain's published record cannot be interpreted correctly, or a processing limit was exceeded (§2.6.7).</summary>
    PermError,
}
