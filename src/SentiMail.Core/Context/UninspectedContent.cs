namespace SentiMail.Context;

/// <summary>Why part of a message went unchecked.</summary>
public enum UninspectedReason
{
    /// <summary>The message holds more than the engine reads: more MIME parts than <see cref="Parsing.MessageLimits.MaxParts"/>,
    /// deeper nesting than <see cref="Parsing.MessageLimits.MaxMimeDepth"/>, more encoded content (attached
    /// messages, TNEF, S/MIME, uuencode, emails inside archives...) than the engine decodes for one message, or an email
    /// inside an archive that is read only in part or not unpacked (RAR, CAB).</summary>
    LimitReached,

    /// <summary>A container (an S/MIME body, a TNEF file, a BinHex file, an attached message) could not be decoded.</summary>
    Undecodable,

    /// <summary>The content is encrypted (S/MIME enveloped data) and cannot be read without the recipient's key.</summary>
    Encrypted,
}

/// <summary>A part of the message the engine did not inspect, and why.</summary>
/// <param name="Reason">Why it was not inspected.</param>
/// <param name="Location">Where it is, such as <c>attachment:winmail.dat</c> or <c>mime</c> for the message's structure.</param>
/// <param name="Detail">One sentence about what was left out.</param>
public sealed record UninspectedContent(UninspectedReason Reason, string Location, string Detail);
