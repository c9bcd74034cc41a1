namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>The result of <see cref="ApiKeyService.ValidateAsync(string?, CancellationToken)"/>.</summary>
public sealed class ApiKeyValidationResult
{
    internal ApiKeyValidationResult(ApiKeyValidationStatus status, string? keyId, ApiKeyRecord? key)
    {
        Status = status;
        KeyId = keyId;
        Key = key;
    }

    /// <summary>Gets the outcome.</summary>
    public ApiKeyValidationStatus Status { get; }

    /// <summary>Gets the key id read from the presented text when it was well formed (safe to log:
    /// it only holds the characters of the id alphabet), otherwise <see langword="null"/>.</summary>
    public string? KeyId { get; }

    /// <summary>Gets the stored key when <see cref="Status"/> is <see cref="ApiKeyValidationStatus.Valid"/>, otherwise <see langword="null"/>.</summary>
    public ApiKeyRecord? Key { get; }

    /// <summary>Gets a value indicating whether the key may authenticate the request.</summary>
    public bool Succeeded => Status == ApiKeyValidationStatus.Valid;
}
