namespace SentiMail.Authentication.Dmarc;

/// <summary>The DMARC outcome: result, the record found and where, the policy the domain asks for, and alignment.</summary>
public sealed record DmarcEvaluation
{
    /// <summary>Gets the result.</summary>
    public DmarcResult Result { get; init; }

    /// <summary>Gets the From domain evaluated.</summary>
    public string FromDomain { get; init; } = string.Empty;

    /// <summary>Gets the domain whose <c>_dmarc</c> record was used (the From domain or its organisational domain).</summary>
    public string? RecordDomain { get; init; }

    /// <summary>Gets the record, when one was found.</summary>
    public DmarcRecord? Record { get; init; }

    /// <summary>Gets the policy the domain asks receivers to apply to failing mail: none, quarantine or reject.</summary>
    public string? Policy { get; init; }

    /// <summary>Gets a value indicating whether SPF passed for a domain aligned with From.</summary>
    public bool SpfAligned { get; init; }

    /// <summary>Gets a value indicating whether a DKIM signature passed for a domain aligned with From.</summary>
    public bool DkimAligned { get; init; }

    /// <summary>Gets a human sentence about the outcome.</summary>
    public string Detail { get; init; } = string.Empty;
}
