namespace SentiMail.Signals;

/// <summary>The family a <see cref="Signal"/> belongs to. Reports group signals by category.</summary>
public enum SignalCategory
{
    /// <summary>Email authentication: SPF, DKIM, ARC, DMARC.</summary>
    Authentication,

    /// <summary>Sender identities and the relay path: From, Reply-To, Return-Path, Received.</summary>
    Sender,

    /// <summary>Structural facts about the header block: Date, Message-ID and the like.</summary>
    Headers,

    /// <summary>A brand or organisation that the message pretends to be.</summary>
    Impersonation,

    /// <summary>The text the recipient reads: lures, deceptive characters, hidden text.</summary>
    Content,

    /// <summary>Links and forms.</summary>
    Links,

    /// <summary>Attached files.</summary>
    Attachments,

    /// <summary>Reputation of addresses, domains, IP addresses and file hashes.</summary>
    Reputation,

    /// <summary>A learned model's opinion.</summary>
    Model,

    /// <summary>The engine itself: an analyzer that failed or ran out of time.</summary>
    Engine,
}
