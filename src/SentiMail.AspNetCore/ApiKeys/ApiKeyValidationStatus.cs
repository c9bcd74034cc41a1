namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>The outcome of checking a presented API key.</summary>
public enum ApiKeyValidationStatus
{
    /// <summary>The key is well formed, known, matches and is active.</summary>
    Valid,

    /// <summary>The text is not an API key (wrong prefix, id or secret format, or too long).</summary>
    Malformed,

    /// <summary>No key has this id.</summary>
    UnknownId,

    /// <summary>The id is known but the secret does not match.</summary>
    WrongSecret,

    /// <summary>The key matches but has expired.</summary>
    Expired,

    /// <summary>The key matches but was revoked.</summary>
    Revoked,
}
