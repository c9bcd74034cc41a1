namespace SentiMail.Parsing;

/// <summary>Why an input was not analysed.</summary>
public enum RejectionReason
{
    /// <summary>The input holds no bytes, or only whitespace.</summary>
    Empty,

    /// <summary>The input is larger than <see cref="MessageLimits.MaxMessageBytes"/>.</summary>
    TooLarge,

    /// <summary>The header block is larger than <see cref="MessageLimits.MaxHeaderBytes"/>.</summary>
    HeaderTooLarge,

    /// <summary>Multiparts or attached messages nest deeper than <see cref="MessageLimits.MaxMimeDepth"/>. No longer raised
    /// by the engine, which analyses such a message as far as it read it and raises <c>mime.partly-inspected</c>; kept
    /// so that its code (<c>too-deep</c>) stays stable.</summary>
    TooDeep,

    /// <summary>The message holds more entities than <see cref="MessageLimits.MaxParts"/>. No longer raised by the
    /// engine, which analyses the parts it read and raises <c>mime.partly-inspected</c>; kept so that its code
    /// (<c>too-many-parts</c>) stays stable.</summary>
    TooManyParts,

    /// <summary>The input is not an email: binary data, a known file format, or text without message headers.</summary>
    NotAnEmail,

    /// <summary>The input could not be read (for example, the file does not exist).</summary>
    Unreadable,
}
