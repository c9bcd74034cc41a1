namespace SentiMail.Authentication.Dmarc;

/// <summary>The DMARC result for a message (RFC 7489 §11.2).</summary>
public enum DmarcResult
{
    /// <summary>The From domain publishes no DMARC record.</summary>
    None,

    /// <summary>SPF or DKIM passed for a domain aligned with From.</summary>
    Pass,

    /// <summary>Neither SPF nor DKIM passed in alignment with From.</summary>
    Fail,

    /// <summary>The record could not be fetched for a temporary reason.</summary>
    TempError,

    /// <summary>The From header has no single usable domain.</summary>
    PermError,
}
