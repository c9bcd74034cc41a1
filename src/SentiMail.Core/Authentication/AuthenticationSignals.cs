using SentiMail.Signals;

namespace SentiMail.Authentication;

/// <summary>The signals of email authentication.</summary>
public static class AuthenticationSignals
{
    /// <summary>SPF passed.</summary>
    public static readonly SignalDefinition SpfPass = New("spf.pass", 0, "SPF passed: the sending server is allowed to send for the envelope domain.");

    /// <summary>SPF failed.</summary>
    public static readonly SignalDefinition SpfFail = New("spf.fail", 15, "SPF failed: the envelope domain says this server may not send its mail.");

    /// <summary>SPF soft-failed.</summary>
    public static readonly SignalDefinition SpfSoftFail = New("spf.softfail", 6, "SPF soft-failed: the envelope domain says this server is probably not allowed to send its mail.");

    /// <summary>SPF neutral.</summary>
    public static readonly SignalDefinition SpfNeutral = New("spf.neutral", 1, "SPF is neutral: the envelope domain makes no statement about this server.");

    /// <summary>No SPF record.</summary>
    public static readonly SignalDefinition SpfNone = New("spf.none", 2, "The envelope domain publishes no SPF record.");

    /// <summary>SPF permanent error.</summary>
    public static readonly SignalDefinition SpfPermError = New("spf.permerror", 5, "The envelope domain's SPF record is broken (syntax, too many lookups).");

    /// <summary>SPF temporary error.</summary>
    public static readonly SignalDefinition SpfTempError = New("spf.temperror", 0, "SPF could not be checked because of a temporary DNS error.");

    /// <summary>SPF not checked.</summary>
    public static readonly SignalDefinition SpfSkipped = New("spf.skipped", 0, "SPF was not checked (offline mode, or no client IP).");

    /// <summary>A DKIM signature passed.</summary>
    public static readonly SignalDefinition DkimPass = New("dkim.pass", 0, "A DKIM signature verified.");

    /// <summary>DKIM failed.</summary>
    public static readonly SignalDefinition DkimFail = New("dkim.fail", 10, "A DKIM signature does not verify (body or headers changed, key missing, revoked or too short, expired) and none passed.");

    /// <summary>DKIM temporary error.</summary>
    public static readonly SignalDefinition DkimTempError = New("dkim.temperror", 0, "A DKIM key could not be fetched because of a temporary DNS error.");

    /// <summary>No DKIM signature.</summary>
    public static readonly SignalDefinition DkimNone = New("dkim.none", 3, "The message carries no DKIM signature.");

    /// <summary>DKIM not checked.</summary>
    public static readonly SignalDefinition DkimSkipped = New("dkim.skipped", 0, "DKIM was not checked (offline mode).");

    /// <summary>DMARC passed.</summary>
    public static readonly SignalDefinition DmarcPass = New("dmarc.pass", 0, "DMARC passed: SPF or DKIM authenticated a domain aligned with From.");

    /// <summary>DMARC failed.</summary>
    public static readonly SignalDefinition DmarcFail = New("dmarc.fail", 35, "DMARC failed: nothing authenticates the From domain. Weight follows the domain's policy: reject 35, quarantine 25, none 12.");

    /// <summary>No DMARC record.</summary>
    public static readonly SignalDefinition DmarcNone = New("dmarc.none", 3, "The From domain publishes no DMARC record.");

    /// <summary>DMARC temporary error.</summary>
    public static readonly SignalDefinition DmarcTempError = New("dmarc.temperror", 0, "DMARC could not be checked because of a temporary DNS error.");

    /// <summary>DMARC not checked.</summary>
    public static readonly SignalDefinition DmarcSkipped = New("dmarc.skipped", 0, "DMARC was not checked (offline mode).");

    /// <summary>ARC chain intact.</summary>
    public static readonly SignalDefinition ArcPass = New("arc.pass", 0, "The ARC chain is intact: the intermediaries' records of earlier authentication can be trusted as far as their sealers are.");

    /// <summary>ARC chain broken.</summary>
    public static readonly SignalDefinition ArcFail = New("arc.fail", 10, "The ARC chain is broken: a seal or the latest message signature does not verify.");

    /// <summary>ARC not checked.</summary>
    public static readonly SignalDefinition ArcSkipped = New("arc.skipped", 0, "The ARC chain was not checked (offline mode).");

    /// <summary>Gets every authentication signal.</summary>
    public static IReadOnlyList<SignalDefinition> All { get; } =
    [
        SpfPass, SpfFail, SpfSoftFail, SpfNeutral, SpfNone, SpfPermError, SpfTempError, SpfSkipped,
        DkimPass, DkimFail, DkimTempError, DkimNone, DkimSkipped,
        DmarcPass, DmarcFail, DmarcNone, DmarcTempError, DmarcSkipped,
        ArcPass, ArcFail, ArcSkipped,
    ];

    private static SignalDefinition New(string id, double weight, string summary) => new(id, SignalCategory.Authentication, weight, summary);
}
