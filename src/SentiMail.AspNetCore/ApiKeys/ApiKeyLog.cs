using Microsoft.Extensions.Logging;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>
/// Security events of API-key authentication and management. Event ids are stable (5100–5199). Messages carry the key
/// id when it could be parsed (its alphabet is hex, so it cannot forge log lines) and never the secret or the whole key.
/// Failures (5101–5105) carry the effective client address (<c>ClientAddress</c>, after trusted forwarded headers;
/// <c>unknown</c> when there is none), so that a log-based ban (CrowdSec) can act on them.
/// </summary>
internal static partial class ApiKeyLog
{
    [LoggerMessage(EventId = 5101, EventName = "ApiKeyMalformed", Level = LogLevel.Warning,
        Message = "API key authentication failed from {ClientAddress}: malformed credentials in {Source}.")]
    public static partial void Malformed(ILogger logger, string clientAddress, string source);

    [LoggerMessage(EventId = 5102, EventName = "ApiKeyUnknown", Level = LogLevel.Warning,
        Message = "API key authentication failed from {ClientAddress}: unknown key id {KeyId}.")]
    public static partial void UnknownId(ILogger logger, string clientAddress, string? keyId);

    [LoggerMessage(EventId = 5103, EventName = "ApiKeyWrongSecret", Level = LogLevel.Warning,
        Message = "API key authentication failed from {ClientAddress}: wrong secret for key {KeyId}.")]
    public static partial void WrongSecret(ILogger logger, string clientAddress, string? keyId);

    [LoggerMessage(EventId = 5104, EventName = "ApiKeyExpired", Level = LogLevel.Warning,
        Message = "API key authentication failed from {ClientAddress}: key {KeyId} has expired.")]
    public static partial void Expired(ILogger logger, string clientAddress, string? keyId);

    [LoggerMessage(EventId = 5105, EventName = "ApiKeyRevoked", Level = LogLevel.Warning,
        Message = "API key authentication failed from {ClientAddress}: key {KeyId} is revoked.")]
    public static partial void Revoked(ILogger logger, string clientAddress, string? keyId);

    [LoggerMessage(EventId = 5106, EventName = "ApiKeyAuthenticated", Level = LogLevel.Debug,
        Message = "API key {KeyId} of owner {OwnerId} authenticated the request.")]
    public static partial void Authenticated(ILogger logger, string keyId, string ownerId);

    [LoggerMessage(EventId = 5110, EventName = "ApiKeyCreated", Level = LogLevel.Information,
        Message = "API key {KeyId} created for owner {OwnerId} with scopes {Scopes}.")]
    public static partial void Created(ILogger logger, string keyId, string ownerId, IReadOnlyList<string> scopes);

    [LoggerMessage(EventId = 5111, EventName = "ApiKeyRotated", Level = LogLevel.Information,
        Message = "API key {KeyId} rotated; replaced by {NewKeyId}.")]
    public static partial void Rotated(ILogger logger, string keyId, string newKeyId);

    [LoggerMessage(EventId = 5112, EventName = "ApiKeyRevokedByRequest", Level = LogLevel.Information,
        Message = "API key {KeyId} revoked.")]
    public static partial void RevokedByRequest(ILogger logger, string keyId);

    [LoggerMessage(EventId = 5113, EventName = "ApiKeyLastUsedUpdateFailed", Level = LogLevel.Warning,
        Message = "Could not record the last use of API key {KeyId}.")]
    public static partial void LastUsedUpdateFailed(ILogger logger, Exception exception, string keyId);
}
